package faults

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"
)

// API calls the services' HTTP APIs as a client would.
type API struct {
	client *http.Client
	procs  map[string]*Process
}

func newAPI(procs map[string]*Process, conns int) *API {
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConns = conns
	transport.MaxIdleConnsPerHost = conns
	// Longer than the services' own 5 s request timeout, so an answer the harness gave up on
	// is one the service gave up on too.
	return &API{client: &http.Client{Transport: transport, Timeout: 15 * time.Second}, procs: procs}
}

// Outcome is what one request got back.
type Outcome struct {
	Status  int    // 0 when no answer came (connection refused or reset, timeout)
	Reason  string // the kratos error reason of a non-2xx answer
	Err     error  // transport error
	HungUp  bool   // the client itself gave up (ChaosConfig.HangUps)
	Pending bool   // a 2xx that says the change is recorded but not finished yet ("pending": true)
	Latency time.Duration
}

// OK reports a 2xx answer.
func (o Outcome) OK() bool { return o.Status >= 200 && o.Status < 300 }

// Lost reports an answer that does not say whether the change happened: no answer, or a
// 5xx (a service that failed half-way may have committed some steps).
func (o Outcome) Lost() bool { return o.Status == 0 || o.Status >= 500 }

// Key names the outcome for the figures: "200", "409 hour-not-available", "no answer".
func (o Outcome) Key() string {
	switch {
	case o.HungUp:
		return "client hung up"
	case o.Status == 0:
		return "no answer"
	case o.Pending:
		return fmt.Sprintf("%d pending", o.Status)
	case o.Reason != "":
		return fmt.Sprintf("%d %s", o.Status, o.Reason)
	default:
		return fmt.Sprint(o.Status)
	}
}

// do sends one JSON request to service's HTTP port; out receives a 2xx body when not nil.
func (a *API) do(ctx context.Context, method, service, path, token string, body, out any) Outcome {
	var reader io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return Outcome{Err: err}
		}
		reader = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, method, "http://"+a.procs[service].HTTPAddr+path, reader)
	if err != nil {
		return Outcome{Err: err}
	}
	req.Header.Set("Content-Type", "application/json") // kratos picks the body's codec from it
	req.Header.Set("Authorization", "Bearer "+token)
	start := time.Now()
	resp, err := a.client.Do(req)
	o := Outcome{Latency: time.Since(start)}
	if err != nil {
		o.Err, o.HungUp = err, ctx.Err() != nil
		return o
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	o.Latency = time.Since(start)
	o.Status = resp.StatusCode
	if err != nil {
		o.Err = err
		return o
	}
	if !o.OK() {
		var e struct {
			Reason string `json:"reason"`
		}
		_ = json.Unmarshal(data, &e)
		o.Reason = e.Reason
		return o
	}
	var pending struct {
		Pending bool `json:"pending"`
	}
	_ = json.Unmarshal(data, &pending)
	o.Pending = pending.Pending
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			o.Err = fmt.Errorf("decode %s %s answer: %w", method, path, err)
		}
	}
	return o
}

func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// Book asks for a training at hour; the uuid is empty unless the answer was 2xx.
func (a *API) Book(ctx context.Context, token string, hour time.Time, notes string) (string, Outcome) {
	var out struct {
		UUID string `json:"uuid"`
	}
	o := a.do(ctx, "POST", "training", "/trainings", token, map[string]string{"time": rfc3339(hour), "notes": notes}, &out)
	return out.UUID, o
}

// Cancel cancels the training as the token's user.
func (a *API) Cancel(ctx context.Context, token, training string) Outcome {
	return a.do(ctx, "DELETE", "training", "/trainings/"+training, token, nil, nil)
}

// Reschedule moves the training straight to hour.
func (a *API) Reschedule(ctx context.Context, token, training string, hour time.Time) Outcome {
	return a.do(ctx, "PUT", "training", "/trainings/"+training+"/reschedule", token, map[string]string{"time": rfc3339(hour)}, nil)
}

// RequestReschedule proposes hour to the other side.
func (a *API) RequestReschedule(ctx context.Context, token, training string, hour time.Time) Outcome {
	return a.do(ctx, "PUT", "training", "/trainings/"+training+"/request-reschedule", token, map[string]string{"time": rfc3339(hour)}, nil)
}

// Decide approves (or rejects) the other side's proposal.
func (a *API) Decide(ctx context.Context, token, training string, approve bool) Outcome {
	verb := "reject-reschedule"
	if approve {
		verb = "approve-reschedule"
	}
	return a.do(ctx, "PUT", "training", "/trainings/"+training+"/"+verb, token, map[string]string{}, nil)
}
