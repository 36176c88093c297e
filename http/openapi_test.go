package http

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"
)

// TestOpenAPIMatchesRoutes checks that every API route the server
// registers is in the OpenAPI document with its method, and that the
// document describes no route the server lacks.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(openapiJSON, &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("openapi version %q", doc.OpenAPI)
	}
	documented := map[string]bool{}
	for path, ops := range doc.Paths {
		for method := range ops {
			documented[strings.ToUpper(method)+" "+path] = true
		}
	}
	registered := map[string]bool{}
	s := NewServer(newMemArchive(), nil, Options{})
	for _, rt := range s.routes() {
		key := rt.method + " " + rt.pattern
		if strings.HasPrefix(rt.pattern, "/api/") != rt.api && rt.pattern != "/healthz" && rt.pattern != "/metrics" {
			t.Errorf("%s: api flag disagrees with its path", key)
		}
		if rt.api {
			registered[key] = true
		}
	}
	var missing, extra []string
	for k := range registered {
		if !documented[k] {
			missing = append(missing, k)
		}
	}
	for k := range documented {
		if !registered[k] {
			extra = append(extra, k)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	if len(missing) > 0 {
		t.Errorf("registered but not documented: %v", missing)
	}
	if len(extra) > 0 {
		t.Errorf("documented but not registered: %v", extra)
	}
}

// TestOpenAPIRefsResolve checks every $ref points at a component.
func TestOpenAPIRefsResolve(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(openapiJSON, &doc); err != nil {
		t.Fatal(err)
	}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if ref, ok := x.(string); ok && k == "$ref" {
					parts := strings.Split(strings.TrimPrefix(ref, "#/"), "/")
					var cur any = doc
					for _, p := range parts {
						m, _ := cur.(map[string]any)
						cur = m[p]
					}
					if cur == nil {
						t.Errorf("dangling $ref %s", ref)
					}
				}
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(doc)
}
