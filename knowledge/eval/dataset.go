// Package eval loads BEIR-format test collections and scores a search
// function on them with trec_eval-compatible metrics at k = 10.
package eval

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// ErrFormat wraps malformed dataset files.
var ErrFormat = errors.New("eval: malformed dataset")

// Doc is one corpus document.
type Doc struct {
	ID    string `json:"_id"`
	Title string `json:"title"`
	Text  string `json:"text"`
}

// Query is one test query.
type Query struct {
	ID   string `json:"_id"`
	Text string `json:"text"`
}

// Dataset is a BEIR collection. Queries holds only queries that have at
// least one judgement with score > 0, ordered by id; Qrels maps query id →
// doc id → relevance grade (> 0 only).
type Dataset struct {
	Corpus  []Doc
	Queries []Query
	Qrels   map[string]map[string]int
}

// LoadBEIR reads dir/corpus.jsonl, dir/queries.jsonl and dir/qrels/test.tsv.
func LoadBEIR(dir string) (Dataset, error) {
	var ds Dataset
	if err := readJSONL(filepath.Join(dir, "corpus.jsonl"), func(b []byte) error {
		var d Doc
		if err := json.Unmarshal(b, &d); err != nil {
			return err
		}
		ds.Corpus = append(ds.Corpus, d)
		return nil
	}); err != nil {
		return Dataset{}, err
	}
	qrels, err := readQrels(filepath.Join(dir, "qrels", "test.tsv"))
	if err != nil {
		return Dataset{}, err
	}
	ds.Qrels = qrels
	if err := readJSONL(filepath.Join(dir, "queries.jsonl"), func(b []byte) error {
		var q Query
		if err := json.Unmarshal(b, &q); err != nil {
			return err
		}
		if len(qrels[q.ID]) > 0 {
			ds.Queries = append(ds.Queries, q)
		}
		return nil
	}); err != nil {
		return Dataset{}, err
	}
	sort.Slice(ds.Queries, func(i, j int) bool { return ds.Queries[i].ID < ds.Queries[j].ID })
	return ds, nil
}

func readJSONL(path string, fn func([]byte) error) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	line := 0
	for sc.Scan() {
		line++
		b := sc.Bytes()
		if len(strings.TrimSpace(string(b))) == 0 {
			continue
		}
		if err := fn(b); err != nil {
			return fmt.Errorf("%w: %s:%d: %v", ErrFormat, path, line, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("eval: %s: %w", path, err)
	}
	return nil
}

func readQrels(path string) (map[string]map[string]int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	defer f.Close()
	out := map[string]map[string]int{}
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		fs := strings.Fields(sc.Text())
		if len(fs) == 0 || (line == 1 && fs[0] == "query-id") {
			continue
		}
		if len(fs) != 3 {
			return nil, fmt.Errorf("%w: %s:%d: want 3 columns", ErrFormat, path, line)
		}
		score, err := strconv.Atoi(fs[2])
		if err != nil {
			return nil, fmt.Errorf("%w: %s:%d: %v", ErrFormat, path, line, err)
		}
		if score <= 0 {
			continue
		}
		if out[fs[0]] == nil {
			out[fs[0]] = map[string]int{}
		}
		out[fs[0]][fs[1]] = score
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("eval: %s: %w", path, err)
	}
	return out, nil
}
