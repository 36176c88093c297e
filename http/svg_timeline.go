package http

import (
	"fmt"
	"time"

	"whosaid"
)

// timeline is a bar chart of statements per week, drawn server-side as
// SVG so it reads without JavaScript. Coordinates are in the SVG's user
// units; the template only places what is computed here.
type timeline struct {
	Width, Height float64
	Left, Bottom  float64 // plot area's left edge and baseline
	Bars          []bar
	Ticks         []tick
	YTicks        []tick
	Empty         bool
	Total         int
}

type bar struct {
	X, Y, W, H float64
	Label      string
}

type tick struct {
	X, Y  float64
	Label string
}

// maxWeeks bounds the timeline's width; older weeks are left out.
const maxWeeks = 104

// newTimeline lays out weekly counts, filling weeks without statements
// with zero so the x axis is real time.
func newTimeline(weekly []whosaid.WeekCount) timeline {
	t := timeline{Width: 720, Height: 180, Left: 36, Bottom: 150}
	if len(weekly) == 0 {
		t.Empty = true
		return t
	}
	counts := map[time.Time]int{}
	first, last := monday(weekly[0].Week.Time), monday(weekly[0].Week.Time)
	for _, w := range weekly {
		m := monday(w.Week.Time)
		counts[m] += w.Count
		t.Total += w.Count
		if m.Before(first) {
			first = m
		}
		if m.After(last) {
			last = m
		}
	}
	if weeks := int(last.Sub(first).Hours()/(24*7)) + 1; weeks > maxWeeks {
		first = last.AddDate(0, 0, -7*(maxWeeks-1))
	}
	n := int(last.Sub(first).Hours()/(24*7)) + 1
	peak := 1
	for _, c := range counts {
		peak = max(peak, c)
	}
	plotW, plotH := t.Width-t.Left-8, t.Bottom-12
	step := plotW / float64(max(n, 26)) // a lone week is a bar, not a wall
	for i := 0; i < n; i++ {
		wk := first.AddDate(0, 0, 7*i)
		c := counts[wk]
		h := plotH * float64(c) / float64(peak)
		x := t.Left + float64(i)*step
		t.Bars = append(t.Bars, bar{
			X: x + step*0.1, Y: t.Bottom - h, W: step * 0.8, H: h,
			Label: fmt.Sprintf("Week of %s: %d statement%s", wk.Format("2 Jan 2006"), c, plural(c)),
		})
		if i == 0 || wk.Day() <= 7 && (n <= 26 || wk.Month()%3 == 1) {
			t.Ticks = append(t.Ticks, tick{X: x + step/2, Y: t.Bottom + 16, Label: wk.Format("Jan 2006")})
		}
	}
	if len(t.Ticks) > 1 && t.Ticks[1].X-t.Ticks[0].X < 50 {
		t.Ticks = t.Ticks[1:] // the first label would collide with the next
	}
	t.YTicks = []tick{{X: t.Left - 6, Y: t.Bottom, Label: "0"}, {X: t.Left - 6, Y: t.Bottom - plotH + 4, Label: fmt.Sprint(peak)}}
	return t
}

// monday is the Monday starting t's ISO week, at midnight UTC.
func monday(t time.Time) time.Time {
	y, m, d := t.Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
