// SPDX-License-Identifier: MIT

package auth0logout

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// examples/oidc.json: SpA123 (RS256), WeB456 (HS256 with this secret).
const (
	oidcIssuer = "https://tenant.example.com/"
	oidcSecret = "demo-secret-for-examples-only-0123456789abcdef"
)

func oidcExample(t *testing.T) (*MemStore, *OidcSettings) {
	t.Helper()
	path := filepath.Join(srcdir(), "examples", "oidc.json")
	store, err := LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(store.Free)
	oidc, err := LoadOidcSettings(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(oidc.Free)
	return store, oidc
}

func b64url(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

// hs256 is an HS256 JWS in compact form, made with the standard library.
func hs256(t *testing.T, header, payload map[string]any, secret string) string {
	t.Helper()
	if header == nil {
		header = map[string]any{"alg": "HS256", "typ": "JWT"}
	}
	h, err := json.Marshal(header)
	if err != nil {
		t.Fatal(err)
	}
	p, err := json.Marshal(payload)
	if err != nil {
		t.Fatal(err)
	}
	in := b64url(h) + "." + b64url(p)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(in))
	return in + "." + b64url(mac.Sum(nil))
}

func webToken(t *testing.T, over map[string]any) string {
	claims := map[string]any{"iss": oidcIssuer, "sub": "auth0|u1",
		"aud": "WeB456", "sid": "sess-1", "iat": time.Now().Unix()}
	for k, v := range over {
		if v == nil {
			delete(claims, k)
		} else {
			claims[k] = v
		}
	}
	return hs256(t, nil, claims, oidcSecret)
}

func oq(kv ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v.Encode()
}

// The expectations are what `auth0logout decide --config
// examples/oidc.json --endpoint oidc QUERY` prints for the same queries.
func TestDecideOIDCLikeTheCLI(t *testing.T) {
	store, oidc := oidcExample(t)
	type want struct {
		outcome  string
		status   int
		code     string
		location string
		list     string
		confirm  bool
		clientID string
	}
	cases := []struct {
		name, query string
		want        want
	}{
		{"client_id asks consent",
			"client_id=SpA123&post_logout_redirect_uri=https%3A%2F%2Fapp.example.com%2Fbye",
			want{"redirect", 302, "ok", "https://app.example.com/bye", "client", true, "SpA123"}},
		{"state appended",
			"client_id=SpA123&post_logout_redirect_uri=https%3A%2F%2Fapp.example.com%2Fbye&state=xy",
			want{"redirect", 302, "ok", "https://app.example.com/bye?state=xy", "client", true, "SpA123"}},
		{"invalid id_token_hint",
			"id_token_hint=abc.def.ghi&post_logout_redirect_uri=https%3A%2F%2Fapp.example.com%2Fbye",
			want{"error", 400, "oidc_token_invalid", "", "", false, ""}},
		{"not allowed",
			"client_id=SpA123&post_logout_redirect_uri=https%3A%2F%2Fevil.example.com%2F",
			want{"error", 400, "not_allowed", "", "client", false, "SpA123"}},
		{"no parameters",
			"",
			want{"logged_out", 200, "ok", "", "", true, ""}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := DecideOIDC(store, oidc, c.query, false, "")
			got := want{d.Outcome, d.Status, d.Code, d.Location, d.List,
				d.Confirm, d.ClientID}
			if got != c.want {
				t.Errorf("got %+v, want %+v (%s)", got, c.want,
					d.ErrorDescription)
			}
		})
	}
}

func TestDecideOIDCHS256Token(t *testing.T) {
	store, oidc := oidcExample(t)
	uri := "https://web.example.org/signed-out?lang=en"
	tok := webToken(t, nil)
	d := DecideOIDC(store, oidc, oq("id_token_hint", tok,
		"post_logout_redirect_uri", uri, "state", "st"), false, "")
	if d.Outcome != "redirect" || d.Status != 302 || d.Confirm ||
		d.Location != uri+"&state=st" || d.ClientID != "WeB456" ||
		d.List != "client" {
		t.Fatalf("valid HS256 token: %+v", d)
	}
	// POST form body, the same token.
	d = DecideOIDC(store, oidc, oq("id_token_hint", tok,
		"post_logout_redirect_uri", uri), true, "")
	if d.Outcome != "redirect" || d.Confirm || d.Location != uri {
		t.Errorf("form: %+v", d)
	}
	// R8.7: the browser's session is another one: ask first.
	d = DecideOIDC(store, oidc, oq("id_token_hint", tok), false, "sess-2")
	if d.Outcome != "redirect" || !d.Confirm {
		t.Errorf("other session: %+v", d)
	}
	d = DecideOIDC(store, oidc, oq("id_token_hint", tok,
		"logout_hint", "sess-1"), false, "sess-1")
	if d.Outcome != "redirect" || d.Confirm {
		t.Errorf("same session: %+v", d)
	}
	// R8.2
	if d = DecideOIDC(store, oidc, oq("id_token_hint", tok,
		"client_id", "SpA123"), false, ""); d.Code != "oidc_client_mismatch" {
		t.Errorf("client mismatch: %+v", d)
	}
	if d = DecideOIDC(store, oidc, oq("id_token_hint", tok,
		"logout_hint", "sess-2"), false, ""); d.Code != "oidc_logout_hint" {
		t.Errorf("logout_hint: %+v", d)
	}
}

func TestDecideOIDCForgedTokens(t *testing.T) {
	store, oidc := oidcExample(t)
	good := webToken(t, nil)
	forged := map[string]string{
		"wrong secret": hs256(t, nil, map[string]any{"iss": oidcIssuer,
			"aud": "WeB456"}, "not-the-secret"),
		"signature cut": good[:len(good)-2],
		"alg none": hs256(t, map[string]any{"alg": "none"},
			map[string]any{"iss": oidcIssuer, "aud": "WeB456"}, oidcSecret),
		"RS256 header": hs256(t, map[string]any{"alg": "RS256"},
			map[string]any{"iss": oidcIssuer, "aud": "WeB456"}, oidcSecret),
		"other issuer": webToken(t, map[string]any{"iss": "https://evil.example.com/"}),
		"no issuer":    webToken(t, map[string]any{"iss": nil}),
		"RS256 client": webToken(t, map[string]any{"aud": "SpA123"}),
		"not a JWS":    "abc.def.ghi",
		"two parts":    "abc.def",
	}
	for name, tok := range forged {
		t.Run(name, func(t *testing.T) {
			d := DecideOIDC(store, oidc, oq("id_token_hint", tok,
				"post_logout_redirect_uri", "https://web.example.org/signed-out?lang=en"),
				false, "")
			if d.Outcome != "error" || d.Status != 400 ||
				d.Code != "oidc_token_invalid" || d.Location != "" {
				t.Errorf("%+v", d)
			}
		})
	}
	// Without settings there is no verifier: every token is invalid.
	if d := DecideOIDC(store, nil, oq("id_token_hint", good), false, ""); d.Code != "oidc_token_invalid" {
		t.Errorf("nil settings: %+v", d)
	}
}

func TestDecideOIDCLocaleMaxAgeAndFree(t *testing.T) {
	store, oidc := oidcExample(t)
	d := DecideOIDC(store, oidc, "client_id=WeB456&ui_locales=fr-ca", false, "")
	if d.Outcome != "redirect" || d.Locale != "fr-CA" || !d.Confirm {
		t.Errorf("locale: %+v", d)
	}
	if d = Decide(store, "client_id=WeB456"); d.Confirm || d.Locale != "" {
		t.Errorf("/v2/logout: %+v", d)
	}
	if oidc.Issuer() != oidcIssuer {
		t.Errorf("issuer %q", oidc.Issuer())
	}
	path := filepath.Join(srcdir(), "examples", "oidc.json")
	strict, err := LoadOidcSettings(path)
	if err != nil {
		t.Fatal(err)
	}
	strict.SetMaxAge(60)
	old := webToken(t, map[string]any{"iat": time.Now().Unix() - 3600})
	if d = DecideOIDC(store, oidc, oq("id_token_hint", old), false, ""); d.Outcome != "redirect" {
		t.Errorf("old token, no max age: %+v", d)
	}
	if d = DecideOIDC(store, strict, oq("id_token_hint", old), false, ""); d.Code != "oidc_token_invalid" {
		t.Errorf("old token, max age: %+v", d)
	}
	strict.Free()
	strict.Free()
	if d = DecideOIDC(store, strict, "client_id=WeB456", false, ""); d.Status != 500 || d.Outcome != "error" {
		t.Errorf("freed settings: %+v", d)
	}
	if strict.Issuer() != "" {
		t.Error("freed settings have an issuer")
	}
	if d = DecideOIDC(nil, oidc, "client_id=WeB456", false, ""); d.Status != 500 {
		t.Errorf("nil store: %+v", d)
	}
	empty, err := NewEmptyOidcSettings()
	if err != nil {
		t.Fatal(err)
	}
	defer empty.Free()
	if d = DecideOIDC(store, empty, oq("id_token_hint", webToken(t, nil)), false, ""); d.Code != "oidc_token_invalid" {
		t.Errorf("empty settings: %+v", d)
	}
}

func TestLoadOidcSettingsErrors(t *testing.T) {
	_, err := LoadOidcSettings(filepath.Join(t.TempDir(), "missing.json"))
	var ce *ConfigError
	if !errors.As(err, &ce) || ce.Code != "config_io" {
		t.Errorf("missing file: %v", err)
	}
	path := filepath.Join(t.TempDir(), "bad.json")
	cfg := `{"tenant": {"allowed_logout_urls": []}, "clients": [],
		"oidc": {"issuer": "ftp://tenant.example.com/"}}`
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err = LoadOidcSettings(path); !errors.As(err, &ce) || ce.Code != "config_shape" {
		t.Errorf("bad issuer: %v", err)
	}
}

// A Go store and shared settings from many goroutines (run with -race).
type goListStore struct{}

func (s goListStore) TenantList() (*AllowList, error) {
	return NewAllowList([]string{"https://www.example.com/logged-out"})
}

func (s goListStore) ClientList(id string) (*AllowList, error) {
	if id != "WeB456" {
		return nil, ErrUnknownClient
	}
	return NewAllowList([]string{"https://web.example.org/signed-out?lang=en"})
}

func TestDecideOIDCGoStoreConcurrent(t *testing.T) {
	_, oidc := oidcExample(t)
	tok := webToken(t, nil)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 20; j++ {
				d := DecideOIDC(goListStore{}, oidc, oq("id_token_hint", tok,
					"post_logout_redirect_uri", "https://web.example.org/signed-out?lang=en"),
					false, "")
				if d.Outcome != "redirect" || d.Confirm || d.StoreError != nil {
					t.Errorf("go store: %+v", d)
					return
				}
				d = DecideOIDC(goListStore{}, oidc, "client_id=Nope", false, "")
				if d.Status != 400 {
					t.Errorf("unknown client: %+v", d)
					return
				}
			}
		}()
	}
	wg.Wait()
}
