package handlers_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/aidtrail/aidtrail/ledger"
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
