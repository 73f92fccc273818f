// SPDX-License-Identifier: MIT

package auth0logout

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

var (
	tenant  = []string{"https://www.example.com", "https://www.example.com/logged-out"}
	clients = map[string][]string{
		"AbC123":  {"https://app.example.com/bye", "https://*.example.org", "http://localhost:3000"},
		"NaTiVe9": {"com.example.app://callback"},
		"NoList7": {},
	}
)

func q(returnTo, clientID string) string {
	v := url.Values{}
	if returnTo != "" {
		v.Set("returnTo", returnTo)
	}
	if clientID != "" {
		v.Set("client_id", clientID)
	}
	return v.Encode()
}

func newStore(t *testing.T) *MemStore {
	t.Helper()
	s, err := NewMemStore(tenant, clients)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Free)
	return s
}

// srcdir is the repository root: AUTH0LOGOUT_SRCDIR, else two levels up.
func srcdir() string {
	if d := os.Getenv("AUTH0LOGOUT_SRCDIR"); d != "" {
		return d
	}
	return filepath.Join("..", "..")
}

func TestStructSizesMatchTheLibrary(t *testing.T) {
	for _, s := range StructSizes() {
		if s.Binding != s.Library || s.Binding == 0 {
			t.Errorf("%s: binding %d bytes, library %d", s.Name, s.Binding, s.Library)
		}
	}
	if err := CheckABI(); err != nil {
		t.Error(err)
	}
	if !strings.HasPrefix(Version(), "0.") || Version() != ConfigVersion() {
		t.Errorf("versions %q and %q", Version(), ConfigVersion())
	}
}

// The shared table (tests/data/shared): the config through LoadConfig,
// every case of cases.json through Decide.
func TestSharedTable(t *testing.T) {
	dir := filepath.Join(srcdir(), "tests", "data", "shared")
	store, err := LoadConfig(filepath.Join(dir, "config.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Free()
	raw, err := os.ReadFile(filepath.Join(dir, "cases.json"))
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Cases []struct {
			Name   string
			Query  *string
			Expect map[string]json.RawMessage
		}
	}
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	if err := dec.Decode(&file); err != nil {
		t.Fatal(err)
	}
	if len(file.Cases) == 0 {
		t.Fatal("no cases in cases.json")
	}
	for _, c := range file.Cases {
		c := c
		t.Run(c.Name, func(t *testing.T) {
			if c.Query == nil {
				t.Fatal("case without a query")
			}
			d := Decide(store, *c.Query)
			for key, want := range c.Expect {
				var got interface{}
				switch key {
				case "outcome":
					got = d.Outcome
				case "status":
					got = d.Status
				case "location":
					got = d.Location
				case "list":
					got = d.List
				default:
					t.Fatalf("expect.%s: not a field this test compares", key)
				}
				var w interface{}
				if err := json.Unmarshal(want, &w); err != nil {
					t.Fatal(err)
				}
				if w == nil { // null: no location / no list
					w = ""
				}
				if f, ok := w.(float64); ok {
					w = int(f)
				}
				if got != w {
					t.Errorf("%s: got %#v, want %#v (decision %+v)", key, got, w, d)
				}
			}
		})
	}
}

func TestRedirectThroughClientList(t *testing.T) {
	d := Decide(newStore(t), q("https://app.example.com/bye", "AbC123"))
	want := Decision{Outcome: "redirect", Status: 302, Code: "ok",
		Location: "https://app.example.com/bye", List: "client",
		Matched: "https://app.example.com/bye", ClientID: "AbC123"}
	if d != want {
		t.Errorf("got %+v\nwant %+v", d, want)
	}
}

func TestNotAllowedHasHint(t *testing.T) {
	d := Decide(newStore(t), q("https://app.example.com/bye/", "AbC123"))
	if d.Outcome != "error" || d.Status != 400 || d.Code != "not_allowed" ||
		d.Error != "invalid_request" || d.Location != "" || d.Hint == "" ||
		d.ErrorDescription == "" {
		t.Errorf("%+v", d)
	}
}

func TestLoggedOutAndFederated(t *testing.T) {
	d := Decide(newStore(t), "federated")
	if d.Outcome != "logged_out" || d.Status != 200 || !d.Federated || d.List != "" {
		t.Errorf("%+v", d)
	}
}

func TestUnknownClient(t *testing.T) {
	d := Decide(newStore(t), q("", "nobody"))
	if d.Status != 400 || d.Code != "unknown_client" {
		t.Errorf("%+v", d)
	}
}

func TestQueryWithNULByte(t *testing.T) {
	d := Decide(newStore(t), "client_id=AbC%00123")
	if d.Status != 400 || d.Outcome != "error" {
		t.Errorf("%+v", d)
	}
}

func TestNilAndFreedStoresFailClosed(t *testing.T) {
	s, err := NewMemStore(tenant, clients)
	if err != nil {
		t.Fatal(err)
	}
	s.Free()
	s.Free() // idempotent
	var nilMem *MemStore
	for name, st := range map[string]Store{"nil": nil, "nil *MemStore": nilMem, "freed": s} {
		d := Decide(st, q("https://www.example.com", ""))
		if d.Outcome != "error" || d.Status != 500 || d.Location != "" {
			t.Errorf("%s: %+v", name, d)
		}
	}
	if s.ClientCount() != 0 {
		t.Error("a freed store has clients")
	}
}

func TestMemStoreErrors(t *testing.T) {
	_, err := NewMemStore(nil, map[string][]string{"a": {"https://ok.example", "*.example.com"}})
	var e *Error
	if !errors.As(err, &e) || e.Client != "a" || e.Index != 1 || e.Code != "entry_no_scheme" {
		t.Fatalf("%#v", err)
	}
	if !strings.Contains(err.Error(), `client "a": entry 1`) {
		t.Error(err)
	}
	_, err = NewMemStore(nil, map[string][]string{"bad\x01id": nil})
	if !errors.As(err, &e) || e.Code != "client_id_control" {
		t.Fatalf("%#v", err)
	}
	s, err := NewMemStore(nil, map[string][]string{"x": nil, "y": {"https://y.example"}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Free()
	if s.ClientCount() != 2 {
		t.Error(s.ClientCount())
	}
}

func TestAllowList(t *testing.T) {
	l, err := NewAllowList([]string{"https://a.example/x", "myapp://SignOut"})
	if err != nil {
		t.Fatal(err)
	}
	if l.Len() != 2 || fmt.Sprint(l.Entries()) != "[https://a.example/x myapp://SignOut]" {
		t.Error(l.Entries())
	}
	l.Free()
	l.Free()
	if l.Len() != 0 {
		t.Error("freed list has entries")
	}
	c, err := ParseAllowList(" https://a.example , ,https://b.example")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Free()
	if c.Len() != 2 {
		t.Error(c.Entries())
	}
	_, err = NewAllowList([]string{"https://ok.example", ""})
	var e *Error
	if !errors.As(err, &e) || e.Code != "entry_empty" || e.Index != 1 {
		t.Errorf("%#v", err)
	}
	_, err = ParseAllowList("https://u:p@a.example")
	if !errors.As(err, &e) || e.Code != "url_userinfo" {
		t.Errorf("%#v", err)
	}
}

// goStore is a Store in Go; its methods can fail or panic on demand.
type goStore struct {
	tenant                   *AllowList
	clients                  map[string]*AllowList
	tenantErr, clientErr     error
	tenantPanic, clientPanic interface{}
}

func (s *goStore) TenantList() (*AllowList, error) {
	if s.tenantPanic != nil {
		panic(s.tenantPanic)
	}
	return s.tenant, s.tenantErr
}

func (s *goStore) ClientList(id string) (*AllowList, error) {
	if s.clientPanic != nil {
		panic(s.clientPanic)
	}
	if s.clientErr != nil {
		return nil, s.clientErr
	}
	l, ok := s.clients[id]
	if !ok {
		return nil, fmt.Errorf("no client %q: %w", id, ErrUnknownClient)
	}
	return l, nil
}

func newGoStore(t *testing.T) *goStore {
	t.Helper()
	tl, err := NewAllowList(tenant)
	if err != nil {
		t.Fatal(err)
	}
	cl, err := NewAllowList(clients["AbC123"])
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tl.Free(); cl.Free() })
	return &goStore{tenant: tl, clients: map[string]*AllowList{"AbC123": cl, "empty": nil}}
}

func TestGoStoreDecides(t *testing.T) {
	s := newGoStore(t)
	d := Decide(s, q("https://x.example.org", "AbC123"))
	if d.Outcome != "redirect" || d.Location != "https://x.example.org" ||
		d.Matched != "https://*.example.org" || d.List != "client" || d.StoreError != nil {
		t.Errorf("%+v", d)
	}
	d = Decide(s, q("https://www.example.com/logged-out", ""))
	if d.Outcome != "redirect" || d.List != "tenant" {
		t.Errorf("%+v", d)
	}
	d = Decide(s, q("", "nobody"))
	if d.Status != 400 || d.Code != "unknown_client" || d.StoreError != nil {
		t.Errorf("%+v", d)
	}
	// nil list: empty, so a returnTo is not allowed (the hint looks at
	// the tenant's list too)
	d = Decide(s, q("https://www.example.com", "empty"))
	if d.Status != 400 || d.Code != "not_allowed" || d.Hint == "" {
		t.Errorf("%+v", d)
	}
}

// R2.4: an error or a panic in a Go store is a 500, never a redirect and
// never a crash.
func TestGoStoreFailuresAre500(t *testing.T) {
	queries := []string{
		q("https://www.example.com", ""),
		q("https://app.example.com/bye", "AbC123"),
		q("", "AbC123"),
	}
	for name, mod := range map[string]func(*goStore){
		"tenant error":                func(s *goStore) { s.tenantErr = errors.New("db down") },
		"client error":                func(s *goStore) { s.clientErr = errors.New("db down") },
		"tenant panic":                func(s *goStore) { s.tenantPanic = "boom" },
		"client panic":                func(s *goStore) { s.clientPanic = errors.New("boom") },
		"client panic struct":         func(s *goStore) { s.clientPanic = struct{ X int }{1} },
		"tenant unknown-client error": func(s *goStore) { s.tenantErr = ErrUnknownClient },
	} {
		s := newGoStore(t)
		mod(s)
		for _, query := range queries {
			d := Decide(s, query)
			consulted := strings.HasPrefix(name, "tenant") == !strings.Contains(query, "client_id")
			if !consulted {
				continue
			}
			if d.Outcome != "error" || d.Status != 500 || d.Code != "store_failed" ||
				d.Error != "server_error" || d.Location != "" || d.StoreError == nil {
				t.Errorf("%s, %s: %+v", name, query, d)
			}
		}
	}
}

func TestGoStoreRuntimePanic(t *testing.T) {
	var s *goStore // nil: its methods dereference nil
	d := Decide(s, q("https://www.example.com", ""))
	if d.Status != 500 || d.Code != "store_failed" ||
		!strings.Contains(fmt.Sprint(d.StoreError), "nil pointer") {
		t.Errorf("%+v", d)
	}
}

func TestGoStoreFreedListFailsClosed(t *testing.T) {
	s := newGoStore(t)
	s.tenant.Free()
	d := Decide(s, q("https://www.example.com", ""))
	if d.Status != 500 || !errors.Is(d.StoreError, ErrClosed) {
		t.Errorf("%+v", d)
	}
}

// A Go store may serve lists borrowed from a MemStore.
type wrapping struct{ *MemStore }

func TestGoStoreOverMemStore(t *testing.T) {
	m := newStore(t)
	d := Decide(wrapping{m}, q("http://localhost:3000", "AbC123"))
	if d.Outcome != "redirect" || d.Location != "http://localhost:3000" {
		t.Errorf("%+v", d)
	}
	d = Decide(wrapping{m}, q("", "nobody"))
	if d.Code != "unknown_client" {
		t.Errorf("%+v", d)
	}
	l, err := m.ClientList("AbC123")
	if err != nil || l.Len() != 3 {
		t.Fatal(l, err)
	}
	l.Free() // borrowed: nothing
	if l.Len() != 3 {
		t.Error("a borrowed list was freed")
	}
	if _, err := m.ClientList("nobody"); !errors.Is(err, ErrUnknownClient) {
		t.Error(err)
	}
}

func TestLoadConfigErrors(t *testing.T) {
	_, err := LoadConfig(filepath.Join(t.TempDir(), "missing.json"))
	var ce *ConfigError
	if !errors.As(err, &ce) || ce.Code != "config_io" || ce.Text == "" {
		t.Fatalf("%#v", err)
	}
	_, err = LoadConfigJSON([]byte(`{"clients": [{"client_id": "a", "allowed_logout_urls": ["x.example"]}]}`), nil)
	if !errors.As(err, &ce) || ce.Code != "entry_no_scheme" || ce.Client != 0 || ce.Entry != 0 {
		t.Fatalf("%#v", err)
	}
	_, err = LoadConfigJSON([]byte(`{"tenant": `), nil)
	if !errors.As(err, &ce) || ce.Code != "config_syntax" {
		t.Fatalf("%#v", err)
	}
	s, err := LoadConfigJSON([]byte(`{"clients": [{"client_id": "a",
		"allowed_logout_urls": ["https://##DOMAIN##/bye"]}]}`),
		&ConfigOptions{Defines: []string{"DOMAIN=app.example"}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Free()
	if d := Decide(s, "client_id=a"); d.Location != "https://app.example/bye" {
		t.Errorf("%+v", d)
	}
}

// Many goroutines on one MemStore and one Go store (run with -race).
func TestConcurrentDecisions(t *testing.T) {
	m := newStore(t)
	g := newGoStore(t)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for j := 0; j < 200; j++ {
				var st Store = m
				if (i+j)%2 == 1 {
					st = g
				}
				d := Decide(st, q("https://app.example.com/bye", "AbC123"))
				if d.Location != "https://app.example.com/bye" {
					t.Errorf("%+v", d)
					return
				}
			}
		}(i)
	}
	wg.Wait()
}

// Free waits for the decisions using a store, and later ones fail closed.
func TestFreeDuringDecisions(t *testing.T) {
	m, err := NewMemStore(tenant, clients)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 300; j++ {
				d := Decide(m, q("https://www.example.com", ""))
				if d.Status != 302 && d.Status != 500 {
					t.Errorf("%+v", d)
					return
				}
			}
		}()
	}
	m.Free()
	wg.Wait()
}

// Finalizers free what was not freed: no crash when the GC runs them.
func TestFinalizers(t *testing.T) {
	for i := 0; i < 100; i++ {
		if _, err := NewAllowList(tenant); err != nil {
			t.Fatal(err)
		}
		if _, err := NewMemStore(tenant, clients); err != nil {
			t.Fatal(err)
		}
	}
	runtime.GC()
	runtime.GC()
}
