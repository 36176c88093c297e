package extract

import (
	"strconv"
	"strings"
	"time"

	"whosaid"
)

// timeExpr is a time expression with its tokens.
type timeExpr struct {
	sp   span
	expr whosaid.TimeExpr
}

var weekdays = map[string]time.Weekday{
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday,
}

// timeWords are the words findTimes starts at (numbers aside).
var timeWords = func() *lexicon {
	words := []string{"yesterday", "today", "tonight", "tomorrow"}
	for w := range weekdays {
		words = append(words, w)
	}
	for w := range months {
		words = append(words, w)
	}
	return newWordSet(words...)
}()

var months = map[string]time.Month{
	"january": 1, "jan.": 1, "february": 2, "feb.": 2, "march": 3, "april": 4, "may": 5, "june": 6,
	"july": 7, "august": 8, "aug.": 8, "september": 9, "sept.": 9, "sep.": 9, "october": 10,
	"oct.": 10, "november": 11, "nov.": 11, "december": 12, "dec.": 12,
}

// findTimes finds weekday names ("on Sunday", "last Tuesday"), relative
// days ("yesterday"), calendar dates ("May 3", "May 3, 2021") and ISO
// dates, and resolves them against the publication date when it is known.
// A plain weekday in a news report is the latest such day on or before
// publication; "last" makes it strictly before, "next" after.
func findTimes(d *doc, published whosaid.Date) []timeExpr {
	var out []timeExpr
	for i := 0; i < len(d.toks); i++ {
		if d.toks[i].kind != tokNum && !timeWords.has(d.hashes[i]) {
			continue // most tokens: one lookup
		}
		w := d.lowers[i]
		var date whosaid.Date
		sp := span{i, i + 1}
		switch {
		case weekdays[w] != 0 || w == "sunday":
			if !isCapitalised(d, i) {
				continue
			}
			mod := ""
			if i > 0 {
				mod = d.lowers[i-1]
			}
			date = resolveWeekday(published, weekdays[w], mod)
		case w == "yesterday" || w == "today" || w == "tonight" || w == "tomorrow":
			date = shiftDays(published, map[string]int{"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}[w])
		case months[w] != 0 && isCapitalised(d, i) && i+1 < len(d.toks) && d.toks[i+1].kind == tokNum:
			day, err := strconv.Atoi(d.tok(i + 1))
			if err != nil || day < 1 || day > 31 || w == "may" && d.toks[i+1].start-d.toks[i].end != 1 {
				continue
			}
			sp.to = i + 2
			year := published.Year()
			if i+3 < len(d.toks) && d.tok(i+2) == "," && d.toks[i+3].kind == tokNum {
				if y, err := strconv.Atoi(d.tok(i + 3)); err == nil && y > 1800 && y < 2200 {
					year = y
					sp.to = i + 4
				}
			}
			if year > 1 {
				date = whosaid.Date{Time: time.Date(year, months[w], day, 0, 0, 0, 0, time.UTC)}
			}
		case d.toks[i].kind == tokNum && len(w) == 10 && strings.Count(w, "-") == 2:
			t, err := time.Parse("2006-01-02", w)
			if err != nil {
				continue
			}
			date = whosaid.Date{Time: t}
		default:
			continue
		}
		out = append(out, timeExpr{sp: sp, expr: whosaid.TimeExpr{Span: d.spanOf(sp), Date: date}})
		i = sp.to - 1
	}
	return out
}

func resolveWeekday(published whosaid.Date, wd time.Weekday, mod string) whosaid.Date {
	if published.IsZero() {
		return whosaid.Date{}
	}
	diff := (int(published.Weekday()) - int(wd) + 7) % 7
	switch mod {
	case "last":
		if diff == 0 {
			diff = 7
		}
	case "next", "coming":
		ahead := (int(wd) - int(published.Weekday()) + 7) % 7
		if ahead == 0 {
			ahead = 7
		}
		return shiftDays(published, ahead)
	}
	return shiftDays(published, -diff)
}

func shiftDays(d whosaid.Date, n int) whosaid.Date {
	if d.IsZero() {
		return d
	}
	return whosaid.Date{Time: d.AddDate(0, 0, n)}
}
