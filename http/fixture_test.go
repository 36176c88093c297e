package http

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"

	"whosaid"
)

// sp returns the span of the n-th (0-based) occurrence of sub in text,
// in code points, as the extractor would.
func sp(t testing.TB, text, sub string, n int) whosaid.Span {
	t.Helper()
	from := 0
	for ; n >= 0; n-- {
		i := strings.Index(text[from:], sub)
		if i < 0 {
			t.Fatalf("%q not in text", sub)
		}
		from += i
		if n > 0 {
			from += len(sub)
		}
	}
	start := utf8.RuneCountInString(text[:from])
	return whosaid.Span{Start: start, End: start + utf8.RuneCountInString(sub), Text: sub}
}

// fixtureText has curly quotes and a non-ASCII dash before every span,
// so byte offsets and code-point offsets differ.
const fixtureText = "Tehran (IP) – Ali Akbar Velayati on Sunday in a telephone call with Ziad Nakhaleh said: “We will soon pray in the Holy Quds.”\n\n" +
	"Nakhaleh thanked Iran for its support, saying the resistance would continue."

func fixtureArticle(t testing.TB) (whosaid.Article, *whosaid.Extraction) {
	a := whosaid.Article{ID: "fixture-1", URL: "https://example.org/news/1", Title: "Velayati calls Nakhaleh",
		Outlet: "Iran Press", Published: mustDate("2021-05-16"), Text: fixtureText}
	src := sp(t, fixtureText, "Ali Akbar Velayati", 0)
	src2 := sp(t, fixtureText, "Nakhaleh", 1)
	x := &whosaid.Extraction{
		ID: a.ID, Title: a.Title, Published: a.Published, Extractor: "test",
		Dateline: &whosaid.Dateline{Place: "Tehran", Agency: "IP", AgencyName: "Iran Press", Start: 0, End: 13},
		Entities: []whosaid.Entity{
			{ID: "e1", Type: whosaid.EntityPerson, Name: "Ali Akbar Velayati", Roles: []string{"Secretary-General of the World Islamic Awakening"},
				Mentions: []whosaid.Mention{{Span: src, Kind: whosaid.MentionName}}},
			{ID: "e2", Type: whosaid.EntityPerson, Name: "Ziad Nakhaleh", Roles: []string{"Secretary-General of the Palestinian Islamic Jihad Movement"},
				Mentions: []whosaid.Mention{{Span: sp(t, fixtureText, "Ziad Nakhaleh", 0), Kind: whosaid.MentionName}, {Span: src2, Kind: whosaid.MentionName}}},
			{ID: "e3", Type: whosaid.EntityPlace, Name: "Tehran", Mentions: []whosaid.Mention{{Span: sp(t, fixtureText, "Tehran", 0), Kind: whosaid.MentionName}}},
		},
		Attributions: []whosaid.Attribution{
			{Speaker: "e1", SpeakerName: "Ali Akbar Velayati", Source: &src, Cue: sp(t, fixtureText, "said", 0),
				Contents: []whosaid.Span{sp(t, fixtureText, "We will soon pray in the Holy Quds.", 0)}, Kind: whosaid.Direct, Confidence: 0.9},
			{Speaker: "e2", SpeakerName: "Ziad Nakhaleh", Source: &src2, Cue: sp(t, fixtureText, "saying", 0),
				Contents: []whosaid.Span{sp(t, fixtureText, "the resistance would continue", 0)}, Kind: whosaid.Indirect, Confidence: 0.8},
		},
		Interactions: []whosaid.Interaction{{Kind: whosaid.TelephoneCall, Participants: []whosaid.EntityID{"e1", "e2"},
			Cue: sp(t, fixtureText, "telephone call", 0), When: &whosaid.TimeExpr{Span: sp(t, fixtureText, "on Sunday", 0), Date: mustDate("2021-05-16")}}},
		Dates: []whosaid.TimeExpr{{Span: sp(t, fixtureText, "on Sunday", 0), Date: mustDate("2021-05-16")}},
	}
	return a, x
}

// The hostile article tries every trick a news page could carry.
const (
	evilScript = `<script>alert("xss")</script>`
	evilLink   = `<a href="javascript:alert(1)">click</a>`
	evilAttr   = `" onmouseover="alert(2)`
	evilBidi   = "\u202Egnp.exe\u202C"
	evilTitle  = `"><script>alert('title')</script>`
	evilURL    = "javascript:alert(3)"
)

func hostileArticle(t testing.TB) (whosaid.Article, *whosaid.Extraction) {
	text := "Mallory " + evilBidi + " said: “" + evilScript + " " + evilLink + " " + evilAttr + "” in a meeting with Trent."
	a := whosaid.Article{ID: "hostile", URL: evilURL, Title: evilTitle, Outlet: `<b onclick="x()">Evil</b>`,
		Author: evilAttr, Published: mustDate("2021-05-17"), Text: text}
	content := sp(t, text, evilScript+" "+evilLink+" "+evilAttr, 0)
	src := sp(t, text, "Mallory "+evilBidi, 0)
	x := &whosaid.Extraction{
		ID: a.ID, Title: a.Title, Published: a.Published, Extractor: "test",
		Entities: []whosaid.Entity{
			{ID: "e1", Type: whosaid.EntityPerson, Name: "Mallory " + evilBidi + evilScript, Roles: []string{evilAttr},
				Mentions: []whosaid.Mention{{Span: src, Kind: whosaid.MentionName}}},
			{ID: "e2", Type: whosaid.EntityPerson, Name: "Trent", Mentions: []whosaid.Mention{{Span: sp(t, text, "Trent", 0), Kind: whosaid.MentionName}}},
		},
		Attributions: []whosaid.Attribution{{Speaker: "e1", SpeakerName: "Mallory " + evilBidi + evilScript, Source: &src,
			Cue: sp(t, text, "said", 0), Contents: []whosaid.Span{content}, Kind: whosaid.Direct}},
		Interactions: []whosaid.Interaction{{Kind: whosaid.Meeting, Participants: []whosaid.EntityID{"e1", "e2"}, Cue: sp(t, text, "meeting", 0)}},
	}
	return a, x
}

func mustDate(s string) whosaid.Date {
	d, err := whosaid.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// newTestServer serves an archive holding the fixture and the hostile
// article (ids 1 and 2).
func newTestServer(t testing.TB, arch whosaid.Archive, opts Options) *httptest.Server {
	t.Helper()
	for _, mk := range []func(testing.TB) (whosaid.Article, *whosaid.Extraction){fixtureArticle, hostileArticle} {
		a, x := mk(t)
		if _, err := arch.PutArticle(context.Background(), a, x); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(NewServer(arch, testExtractor(t), opts))
	t.Cleanup(srv.Close)
	return srv
}
