package archivetest

import (
	"context"
	"slices"
	"testing"
	"time"

	"whosaid"
)

// SearchMix is the set of searches the search benchmarks measure on an
// archive of synthetic articles: full-text queries of common and rare
// words, phrases, exclusions, speaker, outlet, date, kind, org and
// article-text (About) filters, and a second page.
func SearchMix(b *testing.B, a whosaid.Archive) []whosaid.StatementFilter {
	ctx := context.Background()
	ps, err := a.People(ctx, "", 3)
	if err != nil {
		b.Fatal(err)
	}
	day := func(v string) whosaid.Date { d, _ := whosaid.ParseDate(v); return d }
	fs := []whosaid.StatementFilter{
		{},
		{Query: "Trump"},
		{Query: "president"},
		{Query: "Clinton email"},
		{Query: `"health care"`},
		{Query: "immigration -wall"},
		{Query: "economy OR jobs"},
		{Query: "cybersecurity"},
		{Outlet: "Reuters", Since: day("2016-01-01"), Until: day("2016-06-30")},
		{Kind: whosaid.Direct, Query: "believe"},
		{Org: "FBI"},
		{Since: day("2017-06-01")},
		{About: "immigration"},
		{About: "Russia", Query: "said"},
	}
	for _, p := range ps {
		fs = append(fs, whosaid.StatementFilter{Speaker: p.Name}, whosaid.StatementFilter{Speaker: p.Name, Query: "said"})
	}
	page, err := a.SearchStatements(ctx, whosaid.StatementFilter{Query: "Trump"})
	if err != nil {
		b.Fatal(err)
	}
	return append(fs, whosaid.StatementFilter{Query: "Trump", Cursor: page.NextCursor})
}

// BenchSearch runs one warm-up pass over filters, then b.N searches,
// cycling through them, and reports their latency: p50-ms and p95-ms, and
// the median and slowest of each filter in the log.
func BenchSearch(b *testing.B, a whosaid.Archive, filters []whosaid.StatementFilter) {
	ctx := context.Background()
	durs := make([]time.Duration, 0, b.N)
	each := make([][]time.Duration, len(filters))
	// One pass over the mix first, not counted: the figures are those of
	// an archive in use, not of the first reads from disk after other
	// work (logged apart: the slowest search of the pass).
	var cold time.Duration
	for _, f := range filters {
		start := time.Now()
		if _, err := a.SearchStatements(ctx, f); err != nil {
			b.Fatalf("%+v: %v", f, err)
		}
		cold = max(cold, time.Since(start))
	}
	b.Logf("warm-up pass over the %d filters: slowest %.2f ms", len(filters), float64(cold.Microseconds())/1000)
	b.ResetTimer()
	for i := range b.N {
		f := filters[i%len(filters)]
		start := time.Now()
		if _, err := a.SearchStatements(ctx, f); err != nil {
			b.Fatalf("%+v: %v", f, err)
		}
		d := time.Since(start)
		durs = append(durs, d)
		each[i%len(filters)] = append(each[i%len(filters)], d)
	}
	b.StopTimer()
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	for i, f := range filters {
		if len(each[i]) == 0 {
			continue
		}
		slices.Sort(each[i])
		b.Logf("median %8.2f ms  slowest %8.2f ms  %+v", ms(each[i][len(each[i])/2]), ms(each[i][len(each[i])-1]), f)
	}
	slices.Sort(durs)
	p50, p95 := durs[len(durs)*50/100], durs[min(len(durs)-1, len(durs)*95/100)]
	b.ReportMetric(float64(p50.Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(p95.Microseconds())/1000, "p95-ms")
	b.ReportMetric(0, "ns/op")
}
