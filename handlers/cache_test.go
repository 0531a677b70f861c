package handlers_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
	"github.com/aidtrail/aidtrail/ledger/sqlite"
	"github.com/aidtrail/aidtrail/ledger/sqlite/sqlitetest"
)

// Public pages carry an ETag from the checkpoint they show and the
// language, answer If-None-Match with 304 until the log grows, and a short
// public Cache-Control; a signed-in member's pages stay private, no-store.
func TestPublicPagesAreCacheable(t *testing.T) {
	ts := newServer(t)
	wh := sqlitetest.Org(t, ts.Store, ledger.OrgWarehouse, "City Charity Warehouse")
	lot := receiveLot(t, ts.Store, wh, 10)
	anon := ts.client()
	for _, path := range []string{"/", "/needs", "/ledger", "/ledger/1", "/verify", "/funds", "/t/" + lot, "/orgs/" + strconv.FormatInt(wh.Org, 10), "/needs.json", "/items/mask-surgical"} {
		res := anon.get(path)
		tag := res.Header.Get("ETag")
		if res.Status != http.StatusOK || tag == "" || res.Header.Get("Cache-Control") != "public, max-age=10" {
			t.Errorf("GET %s: %d, ETag %q, Cache-Control %q", path, res.Status, tag, res.Header.Get("Cache-Control"))
			continue
		}
		req, _ := http.NewRequest(http.MethodGet, ts.URL+path, nil)
		req.Header.Set("If-None-Match", tag)
		if again := anon.do(req); again.Status != http.StatusNotModified || again.Body != "" || again.Header.Get("ETag") != tag {
			t.Errorf("GET %s with If-None-Match %s: %d, %d bytes", path, tag, again.Status, len(again.Body))
		}
		// A CDN or link checker probing with HEAD gets the GET's headers, no body.
		head, _ := http.NewRequest(http.MethodHead, ts.URL+path, nil)
		if res := anon.do(head); res.Status != http.StatusOK || res.Body != "" || res.Header.Get("ETag") != tag {
			t.Errorf("HEAD %s: %d, %d bytes, ETag %q (GET: %q)", path, res.Status, len(res.Body), res.Header.Get("ETag"), tag)
		}
	}
	en := anon.get("/").Header.Get("ETag")
	zh := ts.client()
	zh.Lang = "zh-CN"
	if zhTag := zh.get("/").Header.Get("ETag"); zhTag == en || zhTag == "" {
		t.Errorf("the same ETag %q for English and Chinese", zhTag)
	}
	// The log grows: the old tag no longer matches.
	receiveLot(t, ts.Store, wh, 5)
	req, _ := http.NewRequest(http.MethodGet, ts.URL+"/", nil)
	req.Header.Set("If-None-Match", en)
	if res := anon.do(req); res.Status != http.StatusOK || res.Header.Get("ETag") == en || !strings.Contains(res.Body, "<html") {
		t.Errorf("after a new entry: %d, ETag %q (was %q)", res.Status, res.Header.Get("ETag"), en)
	}
	// Signed in: private, and never answered from a shared cache.
	member := ts.as(wh)
	res := member.get("/t/" + lot)
	if res.Header.Get("Cache-Control") != "private, no-store" || res.Header.Get("ETag") != "" {
		t.Errorf("signed-in trace page: Cache-Control %q, ETag %q", res.Header.Get("Cache-Control"), res.Header.Get("ETag"))
	}
	req, _ = http.NewRequest(http.MethodGet, ts.URL+"/t/"+lot, nil)
	req.Header.Set("If-None-Match", anon.get("/t/"+lot).Header.Get("ETag"))
	if res := member.do(req); res.Status != http.StatusOK {
		t.Errorf("signed-in member with an anonymous ETag: %d, want the page", res.Status)
	}
}

// The page cache never serves a page older than the checkpoint it is
// tagged with: after a new entry the trace page and / show it at once, and
// a member's page (its actions) is never kept for, nor taken from, the
// anonymous pages.
func TestPageCacheFollowsTheLog(t *testing.T) {
	ts := newServer(t)
	wh := sqlitetest.Org(t, ts.Store, ledger.OrgWarehouse, "City Charity Warehouse")
	lot := receiveLot(t, ts.Store, wh, 10)
	anon := ts.client()
	first, again := anon.get("/t/"+lot), anon.get("/t/"+lot)
	if first.Status != http.StatusOK || again.Body != first.Body || again.Header.Get("ETag") != first.Header.Get("ETag") {
		t.Fatalf("the same page twice: %d, %d bytes then %d", first.Status, len(first.Body), len(again.Body))
	}
	zh := ts.client()
	zh.Lang = "zh-CN"
	if res := zh.get("/t/" + lot); res.Body == first.Body || !strings.Contains(res.Body, `lang="zh-CN"`) {
		t.Errorf("a Chinese reader got the English page")
	}
	home := anon.get("/")

	// A member of the holder sees its actions; anonymous readers never do.
	member := ts.as(wh)
	if !parseHTML(t, member.get("/t/"+lot).Body).has("split-form") {
		t.Error("the holder's member got the anonymous page (no split form)")
	}
	if parseHTML(t, anon.get("/t/"+lot).Body).has("split-form") {
		t.Error("an anonymous reader got the member's page")
	}

	kids, err := ts.Store.SplitLot(context.Background(), wh, lot, []int64{4, 6}, sqlite.NewNonce())
	if err != nil {
		t.Fatal(err)
	}
	after := anon.get("/t/" + lot)
	if after.Header.Get("ETag") == first.Header.Get("ETag") {
		t.Errorf("same ETag after the split: %s", after.Header.Get("ETag"))
	}
	for _, k := range kids {
		if !strings.Contains(after.Body, "/t/"+k) {
			t.Errorf("the trace page after the split does not link its part %s (a page of the older checkpoint?)", k)
		}
	}
	split := strconv.FormatInt(ts.Store.Latest().Size-1, 10)
	if h := anon.get("/"); h.Body == home.Body || !strings.Contains(h.Body, `href="/ledger/`+split+`"`) {
		t.Errorf("/ after the split does not list its entry %s (a page of the older checkpoint?)", split)
	}
	head, _ := http.NewRequest(http.MethodHead, ts.URL+"/t/"+lot, nil)
	if res := anon.do(head); res.Status != http.StatusOK || res.Body != "" || res.Header.Get("ETag") != after.Header.Get("ETag") {
		t.Errorf("HEAD of a cached page: %d, %d bytes, ETag %q", res.Status, len(res.Body), res.Header.Get("ETag"))
	}
}
