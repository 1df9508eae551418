package assist

import (
	"context"
	"encoding/json"
	"os"
	"testing"

	"concierge/knowledge/search"
)

type calibrationQuestion struct {
	KB         string `json:"kb"`
	Q          string `json:"q"`
	Answerable bool   `json:"answerable"`
}

// calibrationScores retrieves every calibration question from its
// knowledge base and returns the best relevance of each.
func calibrationScores(t *testing.T) ([]calibrationQuestion, []float64) {
	t.Helper()
	data, err := os.ReadFile("testdata/calibration/questions.json")
	if err != nil {
		t.Fatal(err)
	}
	var qs []calibrationQuestion
	if err := json.Unmarshal(data, &qs); err != nil {
		t.Fatal(err)
	}
	bikes, err := buildEngine(os.DirFS("testdata/calibration/bikeshop"))
	if err != nil {
		t.Fatal(err)
	}
	defer bikes.Close()
	engines := map[string]*search.Engine{"sample": sampleEngine(t), "bikeshop": bikes}
	scores := make([]float64, len(qs))
	for i, q := range qs {
		ps, err := engineRetriever{engines[q.KB]}.Retrieve(context.Background(), q.Q)
		if err != nil {
			t.Fatal(err)
		}
		scores[i] = newQuestion(q.Q, ps, Options{}).best
	}
	return qs, scores
}

// balancedAccuracy of "answerable when score >= th".
func balancedAccuracy(qs []calibrationQuestion, scores []float64, th float64) float64 {
	var tp, pos, tn, neg float64
	for i, q := range qs {
		yes := scores[i] >= th
		if q.Answerable {
			pos++
			if yes {
				tp++
			}
		} else {
			neg++
			if !yes {
				tn++
			}
		}
	}
	return (tp/pos + tn/neg) / 2
}

// TestRelevanceCalibration re-runs the sweep RelevanceThreshold was chosen
// by (see relevance.go) and fails when the constant is no longer within
// 0.03 of the best balanced accuracy.
func TestRelevanceCalibration(t *testing.T) {
	qs, scores := calibrationScores(t)
	best := 0.0
	for th := 0.05; th < 0.96; th += 0.025 {
		a := balancedAccuracy(qs, scores, th)
		best = max(best, a)
		t.Logf("threshold %.2f: balanced accuracy %.3f", th, a)
	}
	got := balancedAccuracy(qs, scores, RelevanceThreshold)
	for i, q := range qs {
		if (scores[i] >= RelevanceThreshold) != q.Answerable {
			t.Logf("miss (%s, answerable=%v): %.2f %q", q.KB, q.Answerable, scores[i], q.Q)
		}
	}
	if got < best-0.03 {
		t.Errorf("RelevanceThreshold %.2f gives balanced accuracy %.3f, the best threshold %.3f: calibrate again", RelevanceThreshold, got, best)
	}
}
