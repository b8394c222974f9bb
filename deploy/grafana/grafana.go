// Package grafana ships Grafana's provisioning files and dashboards, embedded so the tests
// check exactly what is deployed: valid dashboards that query only series the services export.
package grafana

import (
	"embed"
	"encoding/json"
	"io/fs"
	"path"
)

// Files holds dashboards/*.json and provisioning/**.
//
//go:embed dashboards provisioning
var Files embed.FS

// Dashboard is the part of Grafana's dashboard model the checks read.
type Dashboard struct {
	File          string `json:"-"`
	UID           string `json:"uid"`
	Title         string `json:"title"`
	SchemaVersion int    `json:"schemaVersion"`
	Panels        []Panel
	Templating    struct {
		List []Variable `json:"list"`
	} `json:"templating"`
	Links []Link `json:"links"`
}

// Link is a dashboard link (shown at the top of the dashboard).
type Link struct {
	Title string `json:"title"`
	Type  string `json:"type"`
	URL   string `json:"url"`
}

// Panel is one dashboard panel.
type Panel struct {
	ID         int         `json:"id"`
	Title      string      `json:"title"`
	Type       string      `json:"type"`
	Datasource *Datasource `json:"datasource"`
	GridPos    struct {
		X, Y, W, H int
	} `json:"gridPos"`
	Targets []Target `json:"targets"`
}

// Target is one query of a panel.
type Target struct {
	RefID      string      `json:"refId"`
	Expr       string      `json:"expr"`
	Datasource *Datasource `json:"datasource"`
}

// Datasource refers to a provisioned datasource.
type Datasource struct {
	Type string `json:"type"`
	UID  string `json:"uid"`
}

// Variable is a dashboard template variable.
type Variable struct {
	Name       string      `json:"name"`
	Type       string      `json:"type"`
	Datasource *Datasource `json:"datasource"`
	Definition string      `json:"definition"`
}

// Dashboards parses every file under dashboards/.
func Dashboards() ([]Dashboard, error) {
	files, err := fs.Glob(Files, "dashboards/*.json")
	if err != nil {
		return nil, err
	}
	out := make([]Dashboard, 0, len(files))
	for _, f := range files {
		raw, err := Files.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var d Dashboard
		if err := json.Unmarshal(raw, &d); err != nil {
			return nil, &ParseError{File: f, Err: err}
		}
		d.File = path.Base(f)
		out = append(out, d)
	}
	return out, nil
}

// ParseError names the dashboard that is not valid JSON.
type ParseError struct {
	File string
	Err  error
}

func (e *ParseError) Error() string { return e.File + ": " + e.Err.Error() }
func (e *ParseError) Unwrap() error { return e.Err }
