package knowledge

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// importRule forbids importing any path starting with one of the prefixes
// outside the allowed folders (relative to the repository root, with
// forward slashes; a folder also allows its subfolders).
// A rule with in set applies only to files in those folders.
type importRule struct {
	why      string
	prefixes []string
	allowed  []string
	in       []string
}

// importRules are the seams of the architecture (README, "Architecture").
var importRules = []importRule{
	{
		why:      "store adapters are opened by knowledge/wiring only; everything else uses the interfaces in package knowledge",
		prefixes: []string{"concierge/knowledge/sqlitestore", "concierge/knowledge/pgstore"},
		allowed:  []string{"knowledge/wiring", "knowledge/sqlitestore", "knowledge/pgstore"},
	},
	{
		why:      "database drivers belong to their adapter",
		prefixes: []string{"modernc.org/sqlite", "github.com/jackc/pgx", "github.com/lib/pq"},
		allowed:  []string{"knowledge/sqlitestore", "knowledge/pgstore"},
	},
	{
		why:      "only the desktop shell (app/ and main.go) knows about Wails",
		prefixes: []string{"github.com/wailsapp/wails"},
		allowed:  []string{"app", "."},
	},
	{
		why: "the app calls the core's use cases; it never reaches the store, the search engine, the renderer or the embedders",
		prefixes: []string{"concierge/knowledge/search", "concierge/knowledge/markdown", "concierge/knowledge/embed",
			"concierge/knowledge/importer", "concierge/knowledge/passage", "concierge/knowledge/wiring", "concierge/indexer"},
		allowed: []string{"app/harness"},
		in:      []string{"app"},
	},
	{
		why:      "the CLI calls the core's use cases; it never reaches the renderer or the embedders",
		prefixes: []string{"concierge/knowledge/markdown", "concierge/knowledge/embed", "concierge/app"},
		in:       []string{"indexer"},
	},
}

// importViolations parses every non-test .go file under root and returns
// one line per import that breaks a rule.
func importViolations(t *testing.T, root string, rules []importRule) []string {
	t.Helper()
	var out []string
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if path != root && (strings.HasPrefix(name, ".") || name == "node_modules" || name == "testdata" || name == "frontend") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, filepath.Dir(path))
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		for _, imp := range f.Imports {
			p, err := strconv.Unquote(imp.Path.Value)
			if err != nil {
				return err
			}
			for _, r := range rules {
				if (len(r.in) == 0 || allowedIn(rel, r.in)) && matchesPrefix(p, r.prefixes) && !allowedIn(rel, r.allowed) {
					file, _ := filepath.Rel(root, path)
					out = append(out, filepath.ToSlash(file)+" imports "+p+": "+r.why)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func matchesPrefix(p string, prefixes []string) bool {
	for _, pre := range prefixes {
		if p == pre || strings.HasPrefix(p, pre+"/") {
			return true
		}
	}
	return false
}

func allowedIn(dir string, allowed []string) bool {
	for _, a := range allowed {
		if dir == a || (a != "." && strings.HasPrefix(dir, a+"/")) {
			return true
		}
	}
	return false
}

func TestImportRules(t *testing.T) {
	for _, v := range importViolations(t, "..", importRules) {
		t.Error(v)
	}
}

// The checker itself finds a violation (and accepts the allowed places).
func TestImportRulesCatchAViolation(t *testing.T) {
	root := t.TempDir()
	write := func(rel, src string) {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("knowledge/wiring/w.go", "package wiring\nimport _ \"concierge/knowledge/sqlitestore\"\n")
	write("knowledge/core/x_test.go", "package core\nimport _ \"concierge/knowledge/sqlitestore\"\n")
	write("knowledge/core/core.go", "package core\nimport _ \"concierge/knowledge/pgstore\"\n")
	write("app/a.go", "package app\nimport _ \"concierge/knowledge/sqlitestore\"\n")
	write("indexer/main.go", "package main\nimport _ \"github.com/wailsapp/wails/v2\"\n")
	write("app/s.go", "package app\nimport _ \"concierge/knowledge/search\"\n")
	write("app/harness/h.go", "package main\nimport _ \"concierge/knowledge/wiring\"\n")
	write("knowledge/core/c.go", "package core\nimport _ \"concierge/knowledge/search\"\n")
	got := importViolations(t, root, importRules)
	want := []string{"app/a.go imports concierge/knowledge/sqlitestore", "app/s.go imports concierge/knowledge/search",
		"indexer/main.go imports github.com/wailsapp/wails/v2", "knowledge/core/core.go imports concierge/knowledge/pgstore"}
	if len(got) != len(want) {
		t.Fatalf("violations = %q, want %d", got, len(want))
	}
	for i, w := range want {
		if !strings.HasPrefix(got[i], w) {
			t.Errorf("violation %d = %q, want %q…", i, got[i], w)
		}
	}
}
