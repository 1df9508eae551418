package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"concierge/knowledge"
	"concierge/knowledge/analysis"
	"concierge/knowledge/core"
	"concierge/knowledge/eval"
	"concierge/knowledge/search"
)

func cmdEval(ctx context.Context, args []string, out, errOut io.Writer) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	beir := fs.String("beir", "", "BEIR folder with corpus.jsonl, queries.jsonl and qrels/test.tsv")
	modeFlag := fs.String("mode", "hybrid", "hybrid, bm25, vector, or all (one index, every mode, one line each)")
	runFile := fs.String("run", "", "write a TREC run file (100 results per query)")
	asJSON := fs.Bool("json", false, "print one JSON object")
	_ = dataDirFlag(fs) // accepted for symmetry; eval always uses a fresh temporary store
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *beir == "" || len(pos) != 0 {
		return usagef("give the collection with --beir DIR")
	}
	modes := []search.Mode{search.ModeBM25, search.ModeVector, search.ModeHybrid}
	if *modeFlag != "all" {
		mode, err := parseMode(*modeFlag)
		if err != nil {
			return err
		}
		modes = []search.Mode{mode}
	}
	ds, err := eval.LoadBEIR(*beir)
	if err != nil {
		return err
	}
	reps, lines, err := evaluate(ctx, ds, modes, errOut)
	if err != nil {
		return err
	}
	for i, rep := range reps {
		if *runFile != "" {
			path := *runFile
			if len(reps) > 1 {
				path += "." + rep.Mode // --mode all: one run file per mode
			}
			if err := writeRun(path, lines[i], rep.Mode); err != nil {
				return err
			}
		}
		if err := printReport(out, rep, *asJSON); err != nil {
			return err
		}
	}
	return nil
}

func writeRun(path string, lines []eval.RunLine, mode string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := eval.WriteTREC(f, lines, "concierge-"+mode); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func printReport(out io.Writer, rep eval.Report, asJSON bool) error {
	if asJSON {
		return json.NewEncoder(out).Encode(rep)
	}
	_, err := fmt.Fprintf(out, "mode %s · %d queries\nnDCG@10   %.4f\nRecall@10 %.4f\nMRR@10    %.4f\n", rep.Mode, rep.Queries, rep.NDCG10, rep.Recall10, rep.MRR10)
	return err
}

// evaluate loads the collection into a fresh temporary store (one article per
// document: title + text, its language detected from the text as the
// importer does for files without a language key), indexes it with the
// built-in embedder and runs every judged query in the given mode. Queries
// carry no language: the engine analyses them for every language the index
// holds.
func evaluate(ctx context.Context, ds eval.Dataset, modes []search.Mode, errOut io.Writer) ([]eval.Report, [][]eval.RunLine, error) {
	tmp, err := os.MkdirTemp("", "concierge-eval-")
	if err != nil {
		return nil, nil, err
	}
	defer os.RemoveAll(tmp)
	bar := newBar(errOut)
	svc, err := openCore(ctx, core.Options{DataDir: tmp, SkipSample: true, OnProgress: bar.update})
	if err != nil {
		return nil, nil, err
	}
	defer svc.Close()
	// BEIR ids can be anything (upper case, slashes, numbers); articles need
	// slugs, so documents get positional ids mapped back when scoring.
	arts := make([]knowledge.Article, 0, len(ds.Corpus))
	docID := make(map[string]string, len(ds.Corpus))
	for i, d := range ds.Corpus {
		id := fmt.Sprintf("doc-%d", i)
		docID[id] = d.ID
		title := d.Title
		if strings.TrimSpace(title) == "" {
			title = firstWords(d.Text, 12) // many BEIR collections have no titles
		}
		arts = append(arts, knowledge.Article{
			ID: id, Title: title, Body: d.Text, Language: analysis.Detect(d.Title + "\n" + d.Text),
			Status: knowledge.StatusPublished, Audience: knowledge.AudienceCustomer, Department: "eval",
		})
	}
	if err := svc.PutArticles(ctx, arts, "eval"); err != nil {
		return nil, nil, fmt.Errorf("load the corpus: %w", err)
	}
	bar.finish()
	var (
		reps  []eval.Report
		lines [][]eval.RunLine
	)
	for _, mode := range modes {
		rep, ls, err := eval.Evaluate(ctx, ds, func(ctx context.Context, q string, k int) ([]eval.Scored, error) {
			// Source "": evaluation queries stay out of the query log.
			resp, err := svc.Search(ctx, search.Request{Query: q, Mode: mode, Limit: k, PassagesPerArticle: 1}, "")
			if err != nil {
				return nil, err
			}
			out := make([]eval.Scored, len(resp.Results))
			for i, r := range resp.Results {
				out[i] = eval.Scored{DocID: docID[r.ArticleID], Score: r.Score}
			}
			return out, nil
		})
		if err != nil {
			return nil, nil, err
		}
		rep.Mode = string(mode)
		reps, lines = append(reps, rep), append(lines, ls)
	}
	return reps, lines, nil
}

func firstWords(s string, n int) string {
	f := strings.Fields(s)
	if len(f) > n {
		f = f[:n]
	}
	if len(f) == 0 {
		return "(untitled)"
	}
	return strings.Join(f, " ")
}
