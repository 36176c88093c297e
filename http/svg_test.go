package http

import (
	"reflect"
	"testing"

	"whosaid"
)

func TestTimeline(t *testing.T) {
	tests := []struct {
		name   string
		weekly []whosaid.WeekCount
		bars   int
		total  int
	}{
		{"empty", nil, 0, 0},
		{"one week", []whosaid.WeekCount{{Week: mustDate("2021-05-17"), Count: 6}}, 1, 6},
		{"gap filled", []whosaid.WeekCount{{Week: mustDate("2021-05-03"), Count: 1}, {Week: mustDate("2021-05-24"), Count: 2}}, 4, 3},
		{"not a Monday", []whosaid.WeekCount{{Week: mustDate("2021-05-05"), Count: 1}, {Week: mustDate("2021-05-12"), Count: 1}}, 2, 2},
		{"capped", []whosaid.WeekCount{{Week: mustDate("2015-01-05"), Count: 1}, {Week: mustDate("2021-05-17"), Count: 1}}, maxWeeks, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tl := newTimeline(tt.weekly)
			if len(tl.Bars) != tt.bars || tl.Total != tt.total || tl.Empty != (tt.bars == 0) {
				t.Fatalf("%d bars, total %d, empty %v", len(tl.Bars), tl.Total, tl.Empty)
			}
			for _, b := range tl.Bars {
				if b.X < tl.Left || b.X+b.W > tl.Width || b.Y < 0 || b.Y+b.H > tl.Bottom+0.001 {
					t.Errorf("bar %+v outside the plot", b)
				}
			}
		})
	}
}

func TestNetwork(t *testing.T) {
	ref := func(id int64, name string) whosaid.PersonRef { return whosaid.PersonRef{ID: id, Name: name} }
	is := []whosaid.InteractionSeen{
		{Kind: whosaid.TelephoneCall, Participants: []whosaid.PersonRef{ref(1, "A"), ref(2, "B")}},
		{Kind: whosaid.Meeting, Participants: []whosaid.PersonRef{ref(2, "B"), ref(1, "A"), ref(3, "C")}},
		{Kind: whosaid.Visit, Participants: []whosaid.PersonRef{ref(4, "D"), ref(0, "unresolved")}},
	}
	g := newNetwork(is)
	if len(g.Nodes) != 3 || len(g.Edges) != 3 {
		t.Fatalf("%d nodes, %d edges; want 3, 3", len(g.Nodes), len(g.Edges))
	}
	if g.Edges[0].Title != "A – B: meeting ×1, telephone call ×1" {
		t.Errorf("edge title %q", g.Edges[0].Title)
	}
	for _, n := range g.Nodes {
		if n.X < 0 || n.X > g.Width || n.Y < 0 || n.LabelY > g.Height {
			t.Errorf("node %+v outside %vx%v", n, g.Width, g.Height)
		}
	}
	if again := newNetwork(is); !reflect.DeepEqual(again, g) {
		t.Error("the layout is not deterministic")
	}
}
