package http

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"whosaid"
	"whosaid/extract"
)

// chromiumPath is where Debian installs chromium.
const chromiumPath = "/usr/bin/chromium"

// browserContext starts headless chromium, or skips the test when it is
// not installed, unless WHOSAID_TEST_BROWSER=1 demands it (CI).
func browserContext(t *testing.T) context.Context {
	t.Helper()
	path := chromiumPath
	if _, err := os.Stat(path); err != nil {
		if p, err := exec.LookPath("chromium"); err == nil {
			path = p
		} else if os.Getenv("WHOSAID_TEST_BROWSER") == "1" {
			t.Fatalf("WHOSAID_TEST_BROWSER=1 but chromium is not installed (apt-get install -y chromium)")
		} else {
			t.Skip("chromium not installed: skipping the browser test (apt-get install -y chromium, or set WHOSAID_TEST_BROWSER=1 to make this a failure)")
		}
	}
	t.Setenv("TMPDIR", t.TempDir()) // chromium leaves profile folders there
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelCtx(); cancelAlloc() })
	// Start the browser on a context without a deadline (a deadline on the
	// first run would bound the browser's life), then bound the steps.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute) // generous: CI machines are shared
	t.Cleanup(cancelTimeout)
	return ctx
}

// artifactDir is where screenshots go: $WHOSAID_ARTIFACTS or
// http/testdata/artifacts (ignored by git).
func artifactDir(t *testing.T) string {
	dir := os.Getenv("WHOSAID_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join("testdata", "artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestBrowser ingests the seed article through the real extractor and
// store, then reads it the way an analyst would: search "Quds", open the
// article, open Ali Akbar Velayati's page.
func TestBrowser(t *testing.T) {
	ctx := browserContext(t)
	arch := testArchive(t)
	seed, err := os.ReadFile(filepath.Join("..", "testdata", "seed", "000_bd208590b675fc6e.txt"))
	if err != nil {
		t.Fatal(err)
	}
	x, err := extract.New(extract.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	a := whosaid.Article{ID: "000_bd208590b675fc6e", Title: "Velayati in a telephone call with Ziad Nakhaleh",
		Outlet: "Iran Press", URL: "https://iranpress.com/", Published: mustDate("2021-05-17"), Text: string(seed)}
	ex, err := x.Extract(a)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := arch.PutArticle(context.Background(), a, ex); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(NewServer(arch, x, Options{}))
	defer srv.Close()
	dir := artifactDir(t)
	shot := func(name string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			buf, err := screenshot(ctx, tg)
			if err != nil {
				return fmt.Errorf("screenshot %s: %w", name, err)
			}
			return os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644)
		})
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}
	eval := func(expr string, v any) {
		t.Helper()
		r, err := chromedp.Run(ctx, chromedp.Evaluate[json.RawMessage](expr))
		if err == nil {
			err = json.Unmarshal(r, v)
		}
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
	}
	// until polls a JavaScript condition, through the navigations that
	// make evaluating fail for a moment.
	until := func(js string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			for {
				if ok, err := chromedp.Evaluate[bool](js)(ctx, tg); err == nil && ok {
					return nil
				}
				select {
				case <-time.After(50 * time.Millisecond):
				case <-ctx.Done():
					return fmt.Errorf("waiting for %s: %w", js, ctx.Err())
				}
			}
		})
	}
	do := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		for i, step := range steps {
			// A step of its own deadline: a hang fails fast and says which step.
			sctx, cancel := context.WithTimeout(ctx, time.Minute)
			err := chromedp.Do(sctx, step)
			cancel()
			if err != nil {
				t.Fatalf("step %d of %d: %v", i+1, len(steps), err)
			}
		}
	}

	// Search "Quds" from the search page.
	do(chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS("#q")),
		chromedp.SendKeys(chromedp.CSS("#q"), "Quds"),
		chromedp.Submit(chromedp.CSS("#q")),
		// The page before has results too: wait for the new one.
		until(`location.search.includes("q=Quds") && document.readyState === "complete"`),
		chromedp.WaitVisible(chromedp.CSS(".results")),
		shot("1-search-quds"))
	if results := text(".results"); !strings.Contains(results, "Quds") || !strings.Contains(results, "Velayati") {
		t.Errorf("search results for Quds lack a Velayati statement:\n%s", results)
	}

	// Open the article from the first card.
	var contents, cues, sources int
	var titles []string
	var focusedTitle string
	do(chromedp.Click(chromedp.CSS(".card footer a")),
		chromedp.WaitVisible(chromedp.CSS(".text")))
	eval(`document.querySelectorAll(".text mark.content[tabindex]").length`, &contents)
	eval(`document.querySelectorAll(".text mark.cue").length`, &cues)
	eval(`document.querySelectorAll(".text mark.source").length`, &sources)
	eval(`Array.from(document.querySelectorAll(".text mark.content[title]")).map(m => m.title)`, &titles)
	do(chromedp.Focus(chromedp.CSS(".text mark.content[tabindex]")), shot("2-article"))
	eval(`document.activeElement.title`, &focusedTitle)
	joined := strings.Join(titles, "\n")
	t.Logf("article: %d contents, %d cues, %d sources; focused %q", contents, cues, sources, focusedTitle)
	if contents < 9 || cues < 9 {
		t.Errorf("article shows %d contents and %d cues, want the seed's 9 statements", contents, cues)
	}
	for _, who := range []string{"Said by Ali Akbar Velayati", "Said by Ziad Nakhaleh"} {
		if !strings.Contains(joined, who) {
			t.Errorf("no content titled %q; titles:\n%s", who, joined)
		}
	}
	if !strings.HasPrefix(focusedTitle, "Said by ") {
		t.Errorf("focused content has title %q", focusedTitle)
	}

	// Velayati's page, reached from the people list.
	people, err := arch.People(context.Background(), "Velayati", 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(people) == 0 {
		t.Errorf("the archive knows no person named Velayati (is the extractor resolving speakers yet?)")
		do(chromedp.Navigate(srv.URL+"/people?q=Velayati"), chromedp.WaitVisible(chromedp.CSS("main")), shot("3-person-velayati"))
	} else {
		do(chromedp.Navigate(srv.URL+"/people?q=Velayati"),
			chromedp.WaitVisible(chromedp.CSS("table.people a")),
			chromedp.Click(chromedp.CSS("table.people a")),
			chromedp.WaitVisible(chromedp.CSS(".person-layout")),
			shot("3-person-velayati"))
		person := text("main")
		for _, want := range []string{"Ali Akbar Velayati", "Holy Quds", "Ziad Nakhaleh", "telephone call"} {
			if !strings.Contains(person, want) {
				t.Errorf("Velayati's page lacks %q", want)
			}
		}
		var bars int
		eval(`document.querySelectorAll("svg.timeline rect.bar").length`, &bars)
		if bars == 0 {
			t.Error("no bars in Velayati's timeline")
		}
	}
	do(chromedp.Navigate(srv.URL+"/network"),
		chromedp.WaitVisible(chromedp.CSS("main")),
		shot("4-network"),
		chromedp.Navigate(srv.URL+"/extract"),
		chromedp.WaitVisible(chromedp.CSS("#text")),
		chromedp.SendKeys(chromedp.CSS("#text"), "Tehran (IP) - The minister said on Monday: \"We will talk.\""),
		chromedp.Submit(chromedp.CSS("#text")),
		chromedp.WaitVisible(chromedp.CSS(".text")),
		shot("5-extract"))
	fmt.Fprintf(os.Stderr, "browser screenshots in %s\n", dir)
}

// screenshot captures the whole page. Headless chromium sometimes never
// answers a capture on a loaded machine (it waits for a frame that does not
// come), so each try has a short deadline and the later tries fall back to
// the viewport, which needs no relayout. A capture while a submitted form
// is still loading its page fails at once ("Not attached to an active
// page"), so tries after the first wait a little.
func screenshot(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
	var err error
	for try := 0; try < 4; try++ {
		if try > 0 {
			select {
			case <-time.After(time.Duration(try) * 250 * time.Millisecond):
			case <-ctx.Done():
				return nil, err
			}
		}
		capture := chromedp.FullScreenshot(100)
		if try >= 2 {
			capture = chromedp.CaptureScreenshot()
		}
		cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		var buf []byte
		buf, err = capture(cctx, tg)
		cancel()
		if err == nil {
			return buf, nil
		}
		if ctx.Err() != nil {
			break
		}
	}
	return nil, err
}
