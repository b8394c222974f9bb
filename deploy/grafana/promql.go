package grafana

import (
	"regexp"
	"strings"
)

var (
	stringLit   = regexp.MustCompile(`"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'`)
	matchers    = regexp.MustCompile(`\{[^{}]*\}`)
	ranges      = regexp.MustCompile(`\[[^\[\]]*\]`)
	grouping    = regexp.MustCompile(`\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^()]*\)`)
	identifier  = regexp.MustCompile(`[A-Za-z_:][A-Za-z0-9_:]*`)
	labelValues = regexp.MustCompile(`label_values\(\s*([A-Za-z_:][A-Za-z0-9_:]*)\s*,`)
	keywords    = map[string]bool{
		"and": true, "or": true, "unless": true, "bool": true, "offset": true,
		"by": true, "without": true, "on": true, "ignoring": true, "group_left": true, "group_right": true,
		"inf": true, "nan": true, "Inf": true, "NaN": true,
	}
)

// MetricNames lists the metric names a PromQL expression (or a Grafana label_values(metric,
// label) variable query) reads. It is a small scanner, not a parser: it drops strings, label
// matchers, ranges and grouping clauses, then takes the identifiers that are not functions or
// keywords. Grafana's $variables only appear inside matchers and ranges in these dashboards.
func MetricNames(expr string) []string {
	if m := labelValues.FindStringSubmatch(expr); m != nil {
		return []string{m[1]}
	}
	s := stringLit.ReplaceAllString(expr, `""`)
	s = matchers.ReplaceAllString(s, " ")
	s = ranges.ReplaceAllString(s, " ")
	s = grouping.ReplaceAllString(s, " ")
	var names []string
	for _, loc := range identifier.FindAllStringIndex(s, -1) {
		word := s[loc[0]:loc[1]]
		if loc[0] > 0 && (isDigit(s[loc[0]-1]) || s[loc[0]-1] == '.' || s[loc[0]-1] == '$') {
			continue // part of a number such as 1e3, or a Grafana variable
		}
		if keywords[word] || strings.HasPrefix(strings.TrimLeft(s[loc[1]:], " \t\n"), "(") {
			continue
		}
		names = append(names, word)
	}
	return names
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }
