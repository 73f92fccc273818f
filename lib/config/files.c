/* SPDX-License-Identifier: MIT */
/*
 * Reading configs from files, directories and memory: the entry points
 * auth0logout_config_read_file and auth0logout_config_read_buffer, and the
 * auth0-deploy-cli directory form (tenant.json and clients/NAME.json; and,
 * not deploy-cli's, oidc.json: the "oidc" object of R7.7).
 *
 * Every file read must be regular after following symlinks (ConfigMap
 * mounts are symlinks): a FIFO or a device among an export's files would
 * block or never end.
 */
#include "internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Duplicate keys are refused: a file that says two things about one field
 * is ambiguous, and guessing which one counts is how allow-lists grow
 * behind an operator's back.  NUL bytes in strings are let through so that
 * the checks report them with their position. */
#define LOAD_FLAGS (JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL)

/* Records jansson's error as a syntax error at a 1-based place, as the
 * diag promises: jansson says column 0 at the start of a line (the
 * document ending right after a newline), and line -1 for no place. */
static void json_syntax(struct reader *rd, const char *what,
                        const json_error_t *jerr)
{
	size_t line = jerr->line > 0 ? (size_t)jerr->line : 0;
	size_t column = jerr->column > 0 ? (size_t)jerr->column : 1;

	if (line == 0) {
		cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_SYNTAX,
		         "%sinvalid JSON: %s", what, jerr->text);
		return;
	}
	cfg_line(&rd->m, line, column);
	cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_SYNTAX,
	         "%sinvalid JSON at line %zu, column %zu: %s", what, line,
	         column, jerr->text);
}

/* Parses the JSON file at path (fp open on it).  what prefixes messages
 * ("" for the file itself, "clients/x.json: " in a directory). */
static json_t *json_file(struct reader *rd, FILE *fp, const char *what)
{
	json_error_t jerr;
	json_t *root;
	char msg[256];
	int e;

	errno = 0;
	root = json_loadf(fp, LOAD_FLAGS, &jerr);
	if (root == NULL && ferror(fp)) {
		/* A directory, an I/O error: say so rather than blame the
		 * JSON. */
		e = errno != 0 ? errno : EIO;
		cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_IO, "%scannot read: %s",
		         what, cfg_errtext(e, msg, sizeof(msg)));
		return NULL;
	}
	if (root == NULL)
		json_syntax(rd, what, &jerr);
	return root;
}

/* Reads the whole file at fp into *out (malloc'd, *len bytes). */
static int slurp(struct reader *rd, FILE *fp, char **out, size_t *len)
{
	struct cfg_buf b = {NULL, 0, 0};
	char chunk[8192], msg[256];
	size_t got;

	while ((got = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		if (cfg_buf_add(&b, chunk, got) != 0) {
			free(b.p);
			cfg_fail(&rd->m, AUTH0LOGOUT_E_NOMEM, "out of memory");
			return -1;
		}
	}
	if (ferror(fp)) {
		int e = errno != 0 ? errno : EIO;

		free(b.p);
		cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_IO, "cannot read: %s",
		         cfg_errtext(e, msg, sizeof(msg)));
		return -1;
	}
	*out = b.p;
	*len = b.len;
	return 0;
}

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

static int is_yaml_name(const char *name)
{
	return has_suffix(name, ".yaml") || has_suffix(name, ".yml");
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_names(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* The "*.json" file names in dir (not starting with '.'), sorted
 * bytewise.  -1 after a message; *n = 0 and *out = NULL when dir does not
 * exist (*exists = 0). */
static int list_json(struct reader *rd, const char *dir, const char *rel,
                     char ***out, size_t *n, int *exists)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL, **p;
	size_t cap = 0;
	char msg[256];

	*out = NULL;
	*n = 0;
	*exists = 1;
	if (d == NULL) {
		if (errno == ENOENT) {
			*exists = 0;
			return 0;
		}
		cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_IO, "%s: cannot open: %s",
		         rel, cfg_errtext(errno, msg, sizeof(msg)));
		return -1;
	}
	for (errno = 0; (de = readdir(d)) != NULL; errno = 0) {
		if (de->d_name[0] == '.' || !has_suffix(de->d_name, ".json"))
			continue;
		if (*n == cap) {
			cap = cap > 0 ? cap * 2 : 16;
			p = realloc(names, cap * sizeof(*names));
			if (p == NULL)
				goto oom;
			names = p;
		}
		names[*n] = cfg_dupn(de->d_name, strlen(de->d_name));
		if (names[*n] == NULL)
			goto oom;
		(*n)++;
	}
	if (errno != 0) {
		cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_IO, "%s: cannot read: %s",
		         rel, cfg_errtext(errno, msg, sizeof(msg)));
		closedir(d);
		free_names(names, *n);
		*n = 0;
		return -1;
	}
	closedir(d);
	if (*n > 0)
		qsort(names, *n, sizeof(*names), cmp_names);
	*out = names;
	return 0;
oom:
	closedir(d);
	free_names(names, *n);
	*n = 0;
	cfg_fail(&rd->m, AUTH0LOGOUT_E_NOMEM, "%s: out of memory", rel);
	return -1;
}

/* dir/rel in a new string. */
static char *join(const char *dir, const char *rel)
{
	size_t a = strlen(dir), b = strlen(rel);
	char *p = malloc(a + b + 2);

	if (p != NULL) {
		memcpy(p, dir, a);
		p[a] = '/';
		memcpy(p + a + 1, rel, b + 1);
	}
	return p;
}

/* Opens path for reading only if it is a regular file (after symlinks):
 * a FIFO or a device among an export's files would block or never end.
 * NULL with errno set otherwise (EINVAL for "not a regular file"). */
FILE *cfg_open_regular(const char *path)
{
	struct stat st;
	FILE *fp;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC), e;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) != 0) {
		e = errno;
		close(fd);
		errno = e;
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		errno = EINVAL;
		return NULL;
	}
	fp = fdopen(fd, "rb");
	if (fp == NULL) {
		e = errno;
		close(fd);
		errno = e;
	}
	return fp;
}

/* Opens and parses dir/rel as JSON; NULL after a message, or with
 * *exists = 0 when the file does not exist.  shown names the file in
 * messages (rel with control bytes escaped). */
static json_t *dir_json(struct reader *rd, const char *dir, const char *rel,
                        const char *shown, int *exists)
{
	char *path = join(dir, rel), *what;
	char msg[256];
	json_t *root = NULL;
	FILE *fp;
	int e;

	*exists = 1;
	if (path == NULL) {
		cfg_fail(&rd->m, AUTH0LOGOUT_E_NOMEM, "%s: out of memory",
		         shown);
		return NULL;
	}
	fp = cfg_open_regular(path);
	e = errno;
	free(path);
	if (fp == NULL) {
		if (e == ENOENT)
			*exists = 0;
		else if (e == EINVAL)
			cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_IO,
			         "%s: not a regular file", shown);
		else
			cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_IO,
			         "%s: cannot open: %s", shown,
			         cfg_errtext(e, msg, sizeof(msg)));
		return NULL;
	}
	what = malloc(strlen(shown) + 3);
	if (what == NULL) {
		cfg_fail(&rd->m, AUTH0LOGOUT_E_NOMEM, "%s: out of memory",
		         shown);
	} else {
		sprintf(what, "%s: ", shown);
		root = json_file(rd, fp, what);
		free(what);
	}
	fclose(fp);
	return root;
}

/* The deploy-cli directory form: tenant.json and clients/ *.json (and
 * oidc.json, R7.7). */
static int read_dir(struct reader *rd, const char *path)
{
	json_t *root;
	char **names = NULL;
	char *clients_dir;
	size_t n = 0, i, cap = 0;
	int has_tenant, has_clients, exists, rc = -1;
	char rel[4096], shown[4096];

	/* tenant.json's faults name it, as the tenant's list does. */
	rd->m.where = "tenant.json";
	root = dir_json(rd, path, "tenant.json", "tenant.json", &has_tenant);
	if (root == NULL && has_tenant)
		return -1;
	if (root != NULL) {
		if (!json_is_object(root)) {
			cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_SHAPE,
			         "tenant.json must be %s, not %s",
			         cfg_an_object(rd), cfg_type_name(rd, root));
			json_decref(root);
			return -1;
		}
		rc = cfg_read_tenant(rd, "tenant.json", root);
		json_decref(root);
		if (rc != 0)
			return -1;
	}
	/* R7.7: the oidc object, when there is one, is oidc.json. */
	rd->m.where = "oidc.json";
	root = dir_json(rd, path, "oidc.json", "oidc.json", &exists);
	if (root == NULL && exists)
		return -1;
	rc = cfg_read_oidc(rd, "oidc.json", root);
	json_decref(root);
	if (rc != 0)
		return -1;
	rd->m.where = NULL;
	clients_dir = join(path, "clients");
	if (clients_dir == NULL) {
		cfg_fail(&rd->m, AUTH0LOGOUT_E_NOMEM, "out of memory");
		return -1;
	}
	rc = list_json(rd, clients_dir, "clients", &names, &n, &has_clients);
	free(clients_dir);
	if (rc != 0)
		return -1;
	if (!has_tenant && !has_clients) {
		cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_SHAPE,
		         "cannot read as an auth0-deploy-cli directory "
		         "export: it holds neither tenant.json nor "
		         "clients/");
		return -1;
	}
	rc = 0;
	for (i = 0; i < n && rc == 0; i++) {
		struct a0l_config_client *c;

		snprintf(rel, sizeof(rel), "clients/%s", names[i]);
		cfg_shown_name(shown, sizeof(shown), "clients/", names[i]);
		/* The file is the client: opening it, its JSON and room for
		 * it fail as the client's, not as the previous one's. */
		cfg_client_begin(rd, shown);
		root = dir_json(rd, path, rel, shown, &exists);
		if (root == NULL) {
			/* Gone since the listing: say so. */
			if (!exists)
				cfg_fail(&rd->m, AUTH0LOGOUT_E_CONFIG_IO,
				         "%s: cannot open: %s", shown,
				         strerror(ENOENT));
			cfg_client_end(rd);
			rc = -1;
			break;
		}
		c = cfg_new_client(rd, &cap);
		if (c == NULL) {
			cfg_client_end(rd);
			rc = -1;
		} else if (cfg_read_client(rd, shown, 1, root, c) != 0) {
			rc = -1;
		}
		json_decref(root);
	}
	free_names(names, n);
	return rc;
}

/* ---- entry points ------------------------------------------------------- */

/* Starts reading: resets *out and diag, checks the options' defines and
 * makes the empty config.  0, or -1 after a message. */
static int reader_start(struct reader *rd, const char *name,
                        const auth0logout_config_options *opt,
                        struct auth0logout_config **out,
                        auth0logout_config_diag *diag)
{
	cfg_msg_start(&rd->m, name, diag);
	rd->opt = opt;
	rd->yaml = 0;
	rd->cfg = NULL;
	if (out != NULL)
		*out = NULL;
	if (out == NULL) {
		cfg_fail(&rd->m, AUTH0LOGOUT_E_INVALID_ARGUMENT,
		         "invalid argument: no place for the result");
		return -1;
	}
	if (cfg_check_defines(rd) != 0)
		return -1;
	rd->cfg = calloc(1, sizeof(*rd->cfg));
	if (rd->cfg != NULL)
		rd->cfg->source = cfg_dupn(rd->m.name, strlen(rd->m.name));
	if (rd->cfg == NULL || rd->cfg->source == NULL) {
		auth0logout_config_free(rd->cfg);
		rd->cfg = NULL;
		cfg_fail(&rd->m, AUTH0LOGOUT_E_NOMEM, "out of memory");
		return -1;
	}
	return 0;
}

static auth0logout_status reader_finish(struct reader *rd, int rc,
                                        struct auth0logout_config **out)
{
	if (rc == 0 && rd->m.status == AUTH0LOGOUT_OK) {
		*out = rd->cfg;
		return AUTH0LOGOUT_OK;
	}
	auth0logout_config_free(rd->cfg);
	rd->cfg = NULL;
	if (out != NULL)
		*out = NULL;
	return rd->m.status != AUTH0LOGOUT_OK ? rd->m.status
	                                      : AUTH0LOGOUT_E_CONFIG_SHAPE;
}

/* Reads a JSON or YAML document from memory. */
static int read_doc(struct reader *rd, const char *data, size_t len)
{
	json_error_t jerr;
	json_t *root;
	int rc;

	if (rd->yaml) {
		root = cfg_yaml_to_json(rd, data, len);
	} else {
		root = json_loadb(data, len, LOAD_FLAGS, &jerr);
		if (root == NULL)
			json_syntax(rd, "", &jerr);
	}
	if (root == NULL)
		return -1;
	rc = cfg_read_root(rd, root);
	json_decref(root);
	return rc;
}

auth0logout_status cfg_read_value(const char *name, const json_t *root,
                                  const auth0logout_config_options *opt,
                                  struct auth0logout_config **out,
                                  auth0logout_config_diag *diag)
{
	struct reader rd;

	if (reader_start(&rd, name, opt, out, diag) != 0)
		return rd.m.status;
	return reader_finish(&rd, cfg_read_root(&rd, root), out);
}

/* A NUL-terminated copy of a (pointer, length) name, or NULL when it
 * holds a NUL byte (or memory is short: *nomem). */
static char *name_copy(const char *s, size_t len, int *nomem)
{
	char *p;

	*nomem = 0;
	if (s == NULL || memchr(s, '\0', len) != NULL)
		return NULL;
	p = cfg_dupn(s, len);
	*nomem = p == NULL;
	return p;
}

AUTH0LOGOUT_CONFIG_API auth0logout_status auth0logout_config_read_buffer(
    const char *name, size_t name_len, const char *data, size_t len, int format,
    const auth0logout_config_options *opt, struct auth0logout_config **out,
    auth0logout_config_diag *diag)
{
	struct reader rd;
	auth0logout_status st;
	int nomem = 0;
	char *nm = name != NULL ? name_copy(name, name_len, &nomem) : NULL;

	if (reader_start(&rd, nm, opt, out, diag) != 0) {
		free(nm);
		return rd.m.status;
	}
	if (nomem || (name != NULL && nm == NULL) ||
	    (data == NULL && len > 0) || format < AUTH0LOGOUT_CONFIG_AUTO ||
	    format > AUTH0LOGOUT_CONFIG_YAML) {
		cfg_fail(&rd.m,
		         nomem ? AUTH0LOGOUT_E_NOMEM
		               : AUTH0LOGOUT_E_INVALID_ARGUMENT,
		         nomem ? "out of memory"
		               : "invalid argument: a NUL byte in the name, no "
		                 "data, or an unknown format");
		free(nm);
		return reader_finish(&rd, -1, out);
	}
	rd.yaml = format == AUTH0LOGOUT_CONFIG_YAML ||
	          (format == AUTH0LOGOUT_CONFIG_AUTO && nm != NULL &&
	           is_yaml_name(nm));
	st = reader_finish(&rd, read_doc(&rd, data != NULL ? data : "", len),
	                   out);
	free(nm);
	return st;
}

/* The directory relative paths in the config at path start from: path
 * itself for a directory export, else the file's directory ("." for a
 * bare name).  A new string, or NULL. */
static char *base_dir(const char *path, int is_dir)
{
	const char *slash = strrchr(path, '/');

	if (is_dir)
		return cfg_dupn(path, strlen(path));
	if (slash == NULL)
		return cfg_dupn(".", 1);
	if (slash == path)
		return cfg_dupn("/", 1);
	return cfg_dupn(path, (size_t)(slash - path));
}

AUTH0LOGOUT_CONFIG_API auth0logout_status auth0logout_config_read_file(
    const char *path, size_t path_len, const auth0logout_config_options *opt,
    struct auth0logout_config **out, auth0logout_config_diag *diag)
{
	struct reader rd;
	struct stat st;
	char msg[256];
	char *data = NULL;
	size_t len = 0;
	json_t *root;
	FILE *fp;
	int rc, nomem, is_dir;
	auth0logout_status status;
	char *p = name_copy(path, path_len, &nomem);

	if (reader_start(&rd, p != NULL ? p : "(path)", opt, out, diag) != 0) {
		free(p);
		return rd.m.status;
	}
	if (p == NULL) {
		cfg_fail(&rd.m,
		         nomem ? AUTH0LOGOUT_E_NOMEM
		               : AUTH0LOGOUT_E_INVALID_ARGUMENT,
		         nomem ? "out of memory"
		               : "invalid argument: no path, or a NUL byte in "
		                 "it");
		return reader_finish(&rd, -1, out);
	}
	is_dir = stat(p, &st) == 0 && S_ISDIR(st.st_mode);
	/* R7.7: relative paths in the config start at its directory. */
	rd.cfg->base_dir = base_dir(p, is_dir);
	if (rd.cfg->base_dir == NULL) {
		cfg_fail(&rd.m, AUTH0LOGOUT_E_NOMEM, "out of memory");
		free(p);
		return reader_finish(&rd, -1, out);
	}
	if (is_dir) {
		status = reader_finish(&rd, read_dir(&rd, p), out);
		free(p);
		return status;
	}
	fp = fopen(p, "rb");
	if (fp == NULL) {
		cfg_fail(&rd.m, AUTH0LOGOUT_E_CONFIG_IO, "cannot open: %s",
		         cfg_errtext(errno, msg, sizeof(msg)));
		free(p);
		return reader_finish(&rd, -1, out);
	}
	rd.yaml = is_yaml_name(p);
	if (rd.yaml) {
		rc = slurp(&rd, fp, &data, &len);
		if (rc == 0)
			rc = read_doc(&rd, data != NULL ? data : "", len);
		free(data);
	} else {
		root = json_file(&rd, fp, "");
		rc = root != NULL ? cfg_read_root(&rd, root) : -1;
		json_decref(root);
	}
	fclose(fp);
	status = reader_finish(&rd, rc, out);
	free(p);
	return status;
}
