// Package eval scores extractions against gold attributions annotated in
// brat standoff format, laid out as the PolNeAR corpus is:
// DIR/text/NAME.txt and DIR/attributions/NAME_ANNOTATOR.ann.
//
// It reads the gold (ParseAnn, ReadCorpus), scores one article at a time
// (ScoreDoc) and adds the counts up over a corpus (Report), so that
// `whosaid eval` can print precision, recall and F1 for Source, Cue and
// Content spans, exact and overlap, and for direct quotes alone. The
// definitions are in docs/eval.md; this package is their only
// implementation. It does not depend on the extractor: Evaluate takes any
// function from an article to an extraction.
package eval
