package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"concierge/knowledge"
	"concierge/knowledge/core"
	"concierge/knowledge/secrets"
)

func TestAlertsEmptyDataDir(t *testing.T) {
	out, errOut, code := runCLI(t, "alerts", "--json", "--data-dir", t.TempDir())
	if code != 0 {
		t.Fatalf("alerts on an empty data dir: code %d, %s", code, errOut)
	}
	var got struct {
		Alerts []json.RawMessage `json:"alerts"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil || got.Alerts == nil || len(got.Alerts) != 0 {
		t.Fatalf("want an empty list: %v\n%s", err, out)
	}
	out, _, code = runCLI(t, "alerts", "--data-dir", t.TempDir())
	if code != 0 || !strings.HasPrefix(out, "no alerts at ") {
		t.Fatalf("text output: %d %q", code, out)
	}
}

func TestAlertsAtTime(t *testing.T) {
	data := t.TempDir()
	ctx := context.Background()
	svc, err := openCore(ctx, core.Options{DataDir: data, SkipSample: true, Keychain: secrets.Memory{}})
	if err != nil {
		t.Fatal(err)
	}
	r, err := svc.CreateRequest(ctx, knowledge.SupportRequest{Subject: "Card blocked abroad", Channel: knowledge.ChannelPhone,
		Customer: knowledge.Customer{Name: "Ana", Contact: "ana@example.org"},
		Messages: []knowledge.RequestMessage{{Author: knowledge.AuthorCustomer, Text: "My card is blocked."}}})
	if err != nil {
		t.Fatal(err)
	}
	svc.Close()

	soon := r.UpdatedAt.Add(time.Hour).Format(time.RFC3339)
	out, errOut, code := runCLI(t, "alerts", "--at", soon, "--json", "--data-dir", data)
	if code != 0 || !strings.Contains(out, `"alerts": []`) {
		t.Fatalf("an hour later: code %d %s\n%s", code, errOut, out)
	}
	later := r.UpdatedAt.Add(49 * time.Hour).Format(time.RFC3339)
	out, errOut, code = runCLI(t, "alerts", "--at", later, "--json", "--data-dir", data)
	if code != 0 {
		t.Fatalf("49 hours later: code %d %s", code, errOut)
	}
	var got struct {
		At     time.Time `json:"at"`
		Alerts []struct {
			Rule, RequestID, Reason string
		} `json:"alerts"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Alerts) != 1 || got.Alerts[0].Rule != "no-update" || got.Alerts[0].RequestID != r.ID || got.At.Format(time.RFC3339) != later {
		t.Fatalf("49 hours later: %+v", got)
	}
	out, _, _ = runCLI(t, "alerts", "--at", later, "--data-dir", data)
	if !strings.Contains(out, r.ID) || !strings.Contains(out, "No update for 2 days") {
		t.Errorf("text output: %s", out)
	}
	if _, errOut, code := runCLI(t, "alerts", "--at", "friday", "--data-dir", data); code != 2 || !strings.Contains(errOut, "RFC 3339") {
		t.Errorf("a bad --at: code %d, %s", code, errOut)
	}
}
