package trainerv1

import "github.com/kratos-monorepo/monorepo/libs/protojsonfast"

// MarshalJSON writes the calendar as kratos' HTTP codec (protojson) would, without its
// reflection, which was about 40% of the trainer's CPU for an HTTP calendar
// (libs/protojsonfast). Anything the fast path cannot write exactly goes to protojson.
func (x *Calendar) MarshalJSON() ([]byte, error) {
	return protojsonfast.Marshal(x, 64+len(x.GetDays())*24*80, x.appendJSON)
}

func (x *Calendar) appendJSON(b []byte) ([]byte, bool) {
	ok := true
	b = append(b, `{"days":[`...)
	for i, d := range x.GetDays() {
		if i > 0 {
			b = append(b, ',')
		}
		if d == nil {
			return b, false // left to protojson
		}
		b = append(b, `{"date":`...)
		if b, ok = protojsonfast.AppendTimestamp(b, d.GetDate()); !ok {
			return b, false
		}
		b = append(b, `,"hours":[`...)
		for j, h := range d.GetHours() {
			if j > 0 {
				b = append(b, ',')
			}
			if h == nil {
				return b, false
			}
			b = append(b, `{"time":`...)
			if b, ok = protojsonfast.AppendTimestamp(b, h.GetTime()); !ok {
				return b, false
			}
			b = append(b, `,"availability":`...)
			a := h.GetAvailability()
			name := ""
			if _, known := Availability_name[int32(a)]; known {
				name = a.String()
			}
			b = protojsonfast.AppendEnum(b, name, int32(a))
			b = append(b, '}')
		}
		b = append(b, `],"hasFreeHours":`...)
		b = protojsonfast.AppendBool(b, d.GetHasFreeHours())
		b = append(b, '}')
	}
	return append(b, "]}"...), true
}
