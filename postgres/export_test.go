package postgres

// SetAboutMany sets aboutMany for a test and returns the undo: the shared
// suite's few articles otherwise never take the walk by day.
func SetAboutMany(n int) (undo func()) {
	old := aboutMany
	aboutMany = n
	return func() { aboutMany = old }
}
