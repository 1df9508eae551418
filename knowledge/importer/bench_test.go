package importer

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"concierge/knowledge/sqlitestore"
)

const benchFiles = 1000

func syntheticFolder(b *testing.B) string {
	b.Helper()
	dir := b.TempDir()
	body := strings.Repeat("Customers can request a refund within 30 days of purchase. ", 30)
	for i := range benchFiles {
		write(b, dir, fmt.Sprintf("dept-%d/article-%04d.md", i%10, i), []byte(fmt.Sprintf(
			"---\nid: article-%04d\ntitle: Article %d\ndepartment: dept-%d\ntags: [a, b]\nstatus: published\ncustom: %d\n---\n# Article %d\n\n%s\n",
			i, i, i%10, i, i, body)))
	}
	return dir
}

// BenchmarkImportFresh imports 1,000 files into an empty store.
func BenchmarkImportFresh(b *testing.B) {
	ctx := context.Background()
	dir := syntheticFolder(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		st, err := sqlitestore.Open(ctx, filepath.Join(b.TempDir(), fmt.Sprintf("kb-%d.db", i)))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		rep, err := ImportDir(ctx, st, dir, Options{})
		if err != nil || len(rep.Created) != benchFiles {
			b.Fatalf("import: %v, %s", err, rep.Summary())
		}
		b.StopTimer()
		st.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(benchFiles*b.N)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkReimportUnchanged re-imports 1,000 unchanged files.
func BenchmarkReimportUnchanged(b *testing.B) {
	ctx := context.Background()
	dir := syntheticFolder(b)
	st, err := sqlitestore.Open(ctx, filepath.Join(b.TempDir(), "kb.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	if _, err := ImportDir(ctx, st, dir, Options{}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rep, err := ImportDir(ctx, st, dir, Options{})
		if err != nil || len(rep.Unchanged) != benchFiles {
			b.Fatalf("re-import: %v, %s", err, rep.Summary())
		}
	}
	b.ReportMetric(float64(benchFiles*b.N)/b.Elapsed().Seconds(), "articles/s")
}
