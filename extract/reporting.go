package extract

import (
	"strings"
	"sync"
)

// reportingStems holds the stems of the reporting verbs in
// extract/data/reporting.txt and of their regular forms, keyed as
// hashStemKey keys a word.
var reportingStems = sync.OnceValue(func() *lexicon {
	var keys []string
	eachLine("data/reporting.txt", func(w string) {
		for _, f := range verbForms(w) {
			keys = append(keys, stemKey(f))
		}
	})
	return newWordSet(keys...)
})

// verbForms returns a verb and its regular inflections, with a final e
// dropped ("urging") and a final consonant doubled ("admitted") where
// English may do either: a form no word takes costs nothing.
func verbForms(v string) []string {
	forms := []string{v, v + "s", v + "es", v + "d", v + "ed", v + "ing"}
	if base, ok := strings.CutSuffix(v, "e"); ok {
		forms = append(forms, base+"ing")
	}
	if n := len(v); n > 2 && !strings.ContainsRune("aeiouwxy", rune(v[n-1])) && strings.ContainsRune("aeiou", rune(v[n-2])) {
		forms = append(forms, v+v[n-1:]+"ed", v+v[n-1:]+"ing")
	}
	return forms
}
