/* SPDX-License-Identifier: MIT */
/* Status names, messages and rules; versions and limits. */
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct status_info {
	int status;
	const char *name;
	const char *message;
};

static const struct status_info statuses[] = {
    {AUTH0LOGOUT_OK, "ok", "Success."},
    {AUTH0LOGOUT_E_INVALID_ARGUMENT, "invalid_argument",
     "An argument is NULL or out of range."},
    {AUTH0LOGOUT_E_NOMEM, "nomem", "Out of memory."},
    {AUTH0LOGOUT_E_BUFFER_TOO_SMALL, "buffer_too_small",
     "The caller's buffer is smaller than the function requires."},
    {AUTH0LOGOUT_E_QUERY_TOO_LONG, "query_too_long",
     "The query string is too long (more than 16384 bytes)."},
    {AUTH0LOGOUT_E_QUERY_BAD_ESCAPE, "query_bad_escape",
     "A '%' in the query string is not followed by two hex digits."},
    {AUTH0LOGOUT_E_QUERY_DUPLICATE, "query_duplicate",
     "A parameter must not be provided twice."},
    {AUTH0LOGOUT_E_CLIENT_ID_CONTROL, "client_id_control",
     "The client_id contains a control character."},
    {AUTH0LOGOUT_E_CLIENT_ID_TOO_LONG, "client_id_too_long",
     "The client_id is too long (more than 256 bytes)."},
    {AUTH0LOGOUT_E_RETURN_TO_TOO_LONG, "return_to_too_long",
     "The returnTo URL is too long (more than 4096 bytes)."},
    {AUTH0LOGOUT_E_CLIENT_ID_EMPTY, "client_id_empty",
     "The client_id is empty."},
    {AUTH0LOGOUT_E_URL_TOO_LONG, "url_too_long",
     "The URL is too long (more than 4096 bytes)."},
    {AUTH0LOGOUT_E_URL_CONTROL, "url_control",
     "The URL contains a control character."},
    {AUTH0LOGOUT_E_URL_BACKSLASH, "url_backslash",
     "The URL contains a backslash."},
    {AUTH0LOGOUT_E_URL_SPACE, "url_space",
     "The URL starts or ends with a space."},
    {AUTH0LOGOUT_E_URL_NO_SCHEME, "url_no_scheme",
     "The URL is not absolute: it has no scheme such as https://."},
    {AUTH0LOGOUT_E_URL_FORBIDDEN_SCHEME, "url_forbidden_scheme",
     "The URL's scheme is never allowed (javascript, data, vbscript, file, "
     "blob, about)."},
    {AUTH0LOGOUT_E_URL_NO_HOST, "url_no_host",
     "An http or https URL needs a host (https://host/...)."},
    {AUTH0LOGOUT_E_URL_USERINFO, "url_userinfo",
     "The URL contains user information (user@ or user:password@)."},
    {AUTH0LOGOUT_E_URL_BAD_HOST, "url_bad_host",
     "The URL's host is not an ASCII DNS name, dotted-quad IPv4 address or "
     "bracketed IPv6 address."},
    {AUTH0LOGOUT_E_URL_BAD_PUNYCODE, "url_bad_punycode",
     "A host label starting with xn-- is not valid Punycode (IDNA/UTS #46)."},
    {AUTH0LOGOUT_E_URL_BAD_PORT, "url_bad_port",
     "The URL's port is not a number from 1 to 65535 without leading "
     "zeros."},
    {AUTH0LOGOUT_E_URL_BAD_CHAR, "url_bad_char",
     "The URL's scheme or authority contains a space, one of \"<>{}|^` or a "
     "non-ASCII byte."},
    {AUTH0LOGOUT_E_URL_SYNTAX, "url_syntax",
     "The URL is not a valid RFC 3986 URI."},
    {AUTH0LOGOUT_E_URL_TOO_COMPLEX, "url_too_complex",
     "The URL's path has more than 1024 segments."},
    {AUTH0LOGOUT_E_ENTRY_NO_SCHEME, "entry_no_scheme",
     "The allow-list entry has no scheme: add https:// in front of it."},
    {AUTH0LOGOUT_E_ENTRY_WILDCARD_PLACE, "entry_wildcard_place",
     "A wildcard '*' may stand only once, in the leftmost label of an http "
     "or https host."},
    {AUTH0LOGOUT_E_ENTRY_WILDCARD_TLD, "entry_wildcard_tld",
     "A wildcard directly over a top-level domain (https://*.com) is not "
     "allowed."},
    {AUTH0LOGOUT_E_ENTRY_EMPTY, "entry_empty",
     "The allow-list entry is empty."},
    {AUTH0LOGOUT_E_UNKNOWN_CLIENT, "unknown_client",
     "The client_id does not name a known application."},
    {AUTH0LOGOUT_E_NOT_ALLOWED, "not_allowed",
     "The returnTo URL is not on the Allowed Logout URLs list that applies."},
    {AUTH0LOGOUT_E_STORE_FAILED, "store_failed",
     "The allow-list store failed; nothing was decided."},
    {AUTH0LOGOUT_E_DUPLICATE_CLIENT, "duplicate_client",
     "The client_id was added to the store twice."},
    {AUTH0LOGOUT_E_STORE_FROZEN, "store_frozen",
     "The in-memory store is already built and can no longer change."},
    {AUTH0LOGOUT_E_CONFIG_IO, "config_io",
     "The config file or directory cannot be opened or read."},
    {AUTH0LOGOUT_E_CONFIG_SYNTAX, "config_syntax",
     "The config is not valid JSON or YAML."},
    {AUTH0LOGOUT_E_CONFIG_SHAPE, "config_shape",
     "A value in the config has the wrong type, or a required one is "
     "missing."},
    {AUTH0LOGOUT_E_CONFIG_PLACEHOLDER, "config_placeholder",
     "A ##KEY## placeholder has no value, or a define is not KEY=VALUE."},
    {AUTH0LOGOUT_E_CONFIG_UNSUPPORTED, "config_unsupported",
     "The config uses a feature that is not supported (YAML anchors, "
     "aliases, tags or several documents; @@KEY@@ array placeholders)."},
    {AUTH0LOGOUT_E_CONFIG_KEY, "config_key",
     "A key of the config's JWKS cannot be used."},
    {AUTH0LOGOUT_E_OIDC_PARAM_TOO_LONG, "oidc_param_too_long",
     "An /oidc/logout parameter is longer than its limit."},
    {AUTH0LOGOUT_E_OIDC_PARAM_CONTROL, "oidc_param_control",
     "An /oidc/logout parameter contains a control character."},
    {AUTH0LOGOUT_E_OIDC_FEDERATED, "oidc_federated",
     "The federated parameter of a POST must be true or false."},
    {AUTH0LOGOUT_E_OIDC_TOKEN_INVALID, "oidc_token_invalid",
     "The id_token_hint is invalid."},
    {AUTH0LOGOUT_E_OIDC_CLIENT_MISMATCH, "oidc_client_mismatch",
     "The client_id does not match the id_token_hint."},
    {AUTH0LOGOUT_E_OIDC_LOGOUT_HINT, "oidc_logout_hint",
     "The logout_hint does not match the id_token_hint's sid."},
    {AUTH0LOGOUT_E_OIDC_URI_FRAGMENT, "oidc_uri_fragment",
     "The post_logout_redirect_uri has a fragment."},
    {AUTH0LOGOUT_E_OIDC_LOCALE, "oidc_locale",
     "The first language of ui_locales is not an enabled locale."},
    {AUTH0LOGOUT_E_VERIFIER_FAILED, "verifier_failed",
     "The id_token_hint could not be verified (the verifier failed)."},
};

static const struct status_info *find_status(int status)
{
	for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
		if (statuses[i].status == status)
			return &statuses[i];
	return NULL;
}

AUTH0LOGOUT_API const char *auth0logout_status_name(int status)
{
	const struct status_info *s = find_status(status);
	return s ? s->name : "unknown";
}

AUTH0LOGOUT_API const char *auth0logout_status_message(int status)
{
	const struct status_info *s = find_status(status);
	return s ? s->message : "Unknown status code.";
}

AUTH0LOGOUT_API const char *auth0logout_status_rule(int status)
{
	switch (status) {
	case AUTH0LOGOUT_E_QUERY_TOO_LONG:
	case AUTH0LOGOUT_E_RETURN_TO_TOO_LONG:
	case AUTH0LOGOUT_E_URL_TOO_LONG:
		return "R1.8";
	case AUTH0LOGOUT_E_QUERY_BAD_ESCAPE:
		return "R1.2";
	case AUTH0LOGOUT_E_QUERY_DUPLICATE:
		return "R1.4";
	case AUTH0LOGOUT_E_CLIENT_ID_CONTROL:
	case AUTH0LOGOUT_E_CLIENT_ID_TOO_LONG:
	case AUTH0LOGOUT_E_CLIENT_ID_EMPTY:
		return "R1.7";
	case AUTH0LOGOUT_E_URL_CONTROL:
	case AUTH0LOGOUT_E_URL_BACKSLASH:
	case AUTH0LOGOUT_E_URL_SPACE:
		return "R4.1";
	case AUTH0LOGOUT_E_URL_NO_SCHEME:
	case AUTH0LOGOUT_E_URL_FORBIDDEN_SCHEME:
		return "R4.2";
	case AUTH0LOGOUT_E_URL_NO_HOST:
		return "R4.3";
	case AUTH0LOGOUT_E_URL_USERINFO:
		return "R4.4";
	case AUTH0LOGOUT_E_URL_BAD_HOST:
	case AUTH0LOGOUT_E_URL_BAD_PUNYCODE:
		return "R4.5";
	case AUTH0LOGOUT_E_URL_BAD_PORT:
		return "R4.6";
	case AUTH0LOGOUT_E_URL_BAD_CHAR:
	case AUTH0LOGOUT_E_URL_SYNTAX:
	case AUTH0LOGOUT_E_URL_TOO_COMPLEX:
		return "R4.7";
	case AUTH0LOGOUT_E_ENTRY_NO_SCHEME:
		return "R5.2";
	case AUTH0LOGOUT_E_ENTRY_WILDCARD_PLACE:
		return "R5.6";
	case AUTH0LOGOUT_E_ENTRY_WILDCARD_TLD:
		return "R5.5";
	case AUTH0LOGOUT_E_ENTRY_EMPTY:
		return "R5.1";
	case AUTH0LOGOUT_E_UNKNOWN_CLIENT:
		return "R2.3";
	case AUTH0LOGOUT_E_NOT_ALLOWED:
		return "R3.2";
	case AUTH0LOGOUT_E_STORE_FAILED:
		return "R2.4";
	case AUTH0LOGOUT_E_CONFIG_IO:
	case AUTH0LOGOUT_E_CONFIG_SYNTAX:
	case AUTH0LOGOUT_E_CONFIG_SHAPE:
		return "R7.4";
	case AUTH0LOGOUT_E_CONFIG_KEY:
		return "R7.7";
	case AUTH0LOGOUT_E_OIDC_PARAM_TOO_LONG:
	case AUTH0LOGOUT_E_OIDC_PARAM_CONTROL:
	case AUTH0LOGOUT_E_OIDC_FEDERATED:
		return "R8.1";
	case AUTH0LOGOUT_E_OIDC_TOKEN_INVALID:
	case AUTH0LOGOUT_E_OIDC_CLIENT_MISMATCH:
	case AUTH0LOGOUT_E_OIDC_LOGOUT_HINT:
		return "R8.2";
	case AUTH0LOGOUT_E_OIDC_URI_FRAGMENT:
		return "R8.4";
	case AUTH0LOGOUT_E_OIDC_LOCALE:
		return "R8.8";
	case AUTH0LOGOUT_E_VERIFIER_FAILED:
		return "R8.10";
	case AUTH0LOGOUT_E_CONFIG_PLACEHOLDER:
	case AUTH0LOGOUT_E_CONFIG_UNSUPPORTED:
		return "R7.5";
	default:
		return NULL;
	}
}

AUTH0LOGOUT_API const char *auth0logout_outcome_name(int outcome)
{
	switch (outcome) {
	case AUTH0LOGOUT_OUTCOME_REDIRECT:
		return "redirect";
	case AUTH0LOGOUT_OUTCOME_LOGGED_OUT:
		return "logged_out";
	case AUTH0LOGOUT_OUTCOME_ERROR:
		return "error";
	default:
		return NULL;
	}
}

AUTH0LOGOUT_API const char *auth0logout_list_name(int list)
{
	switch (list) {
	case AUTH0LOGOUT_LIST_TENANT:
		return "tenant";
	case AUTH0LOGOUT_LIST_CLIENT:
		return "client";
	default:
		return NULL;
	}
}

AUTH0LOGOUT_API const char *auth0logout_error_name(int error)
{
	switch (error) {
	case AUTH0LOGOUT_ERROR_INVALID_REQUEST:
		return "invalid_request";
	case AUTH0LOGOUT_ERROR_SERVER_ERROR:
		return "server_error";
	default:
		return NULL;
	}
}

AUTH0LOGOUT_API const char *auth0logout_version(void)
{
	return AUTH0LOGOUT_VERSION_STRING;
}

AUTH0LOGOUT_API size_t auth0logout_max_query(void)
{
	return AUTH0LOGOUT_MAX_QUERY;
}

AUTH0LOGOUT_API size_t auth0logout_max_url(void)
{
	return AUTH0LOGOUT_MAX_URL;
}

AUTH0LOGOUT_API size_t auth0logout_max_client_id(void)
{
	return AUTH0LOGOUT_MAX_CLIENT_ID;
}

AUTH0LOGOUT_API size_t auth0logout_decide_buffer_size(void)
{
	return AUTH0LOGOUT_DECIDE_BUFFER_SIZE;
}

AUTH0LOGOUT_API size_t auth0logout_max_path_segments(void)
{
	return AUTH0LOGOUT_MAX_PATH_SEGMENTS;
}

AUTH0LOGOUT_API size_t auth0logout_request_scratch_size(void)
{
	return AUTH0LOGOUT_REQUEST_SCRATCH_SIZE;
}

AUTH0LOGOUT_API size_t auth0logout_url_buffer_size(void)
{
	return AUTH0LOGOUT_URL_BUFFER_SIZE;
}

AUTH0LOGOUT_API size_t auth0logout_url_size(void)
{
	return sizeof(auth0logout_url);
}

AUTH0LOGOUT_API size_t auth0logout_decision_size(void)
{
	return sizeof(auth0logout_decision);
}

AUTH0LOGOUT_API size_t auth0logout_request_size(void)
{
	return sizeof(auth0logout_request);
}

AUTH0LOGOUT_API size_t auth0logout_store_size(void)
{
	return sizeof(auth0logout_store);
}

AUTH0LOGOUT_API size_t auth0logout_diag_size(void)
{
	return sizeof(auth0logout_diag);
}

void a0l_diag_reset(auth0logout_diag *diag)
{
	if (!diag)
		return;
	diag->status = AUTH0LOGOUT_OK;
	diag->offset = (size_t)-1;
	diag->index = (size_t)-1;
	diag->text[0] = '\0';
	/* ABI policy: reserved space reads zero, so that a field a later
	 * release takes from it reads 0 for callers built against this
	 * header. */
	memset(diag->reserved, 0, sizeof diag->reserved);
}

auth0logout_status a0l_fail(auth0logout_diag *diag, auth0logout_status status,
                            size_t offset, const char *fmt, ...)
{
	if (!diag)
		return status;
	diag->status = status;
	diag->offset = offset;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(diag->text, sizeof diag->text, fmt, ap);
	va_end(ap);
	return status;
}
