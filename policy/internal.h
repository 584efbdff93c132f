/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The policy compiler's own types, shared by its files and its unit tests, not by the loader.
 *
 * A profile goes through two stages. Parsing turns one file into a struct blp_src: the profile's
 * fields and one struct blp_rule per rule the operator wrote, each with its line. Compiling turns
 * a chain of sources (a profile and the parents it extends, root first) into a struct bl_policy:
 * the map entries of include/boxlock.h. Internal symbols start with blp_ so that they never clash
 * with the loader's when both are linked into one binary.
 */
#ifndef BL_POLICY_INTERNAL_H
#define BL_POLICY_INTERNAL_H

#include "policy.h"

/* Limits of one profile, documented in profiles/README.md. */
#define BLP_MAX_FILE (1 << 20) /* bytes of a profile file */
/* Debian's libinih reads lines into a 200-byte stack buffer (INI_MAX_LINE) and silently splits
 * a longer line, so the reader refuses lines longer than what fits with its NUL. */
#define BLP_MAX_LINE 199
#define BLP_MAX_ITEMS 20000 /* values in one file (one per path, destination, name...) */
#define BLP_MAX_PATHS 16384 /* path trie entries of one compiled profile: a quarter of the trie */
#define BLP_MAX_NETS 1024 /* network trie entries of one compiled profile */
#define BLP_MAX_FSTYPES 64
#define BLP_MAX_SYSCALLS 512
#define BLP_SYSCALL_NR_MAX 1024 /* x86_64 numbers are below this */
#define BLP_MAX_IMAGES 64
#define BLP_MAX_IMAGE_LEN 255
#define BLP_MAX_DESCRIPTION 1024
#define BLP_MAX_ERRORS 100 /* messages per file before giving up on it */
#define BLP_MAX_DEPTH 16 /* profiles in one extends chain */
/* The longest path a rule can name: an exact rule's key is its bytes and a NUL. */
#define BLP_PATH_MAX (BL_RULE_PATH_MAX - 1)

/* Errors of one file: every message is "FILE:LINE: ...", at most BLP_MAX_ERRORS of them. */
struct blp_errs {
	struct bl_diag *diag;
	const char *file;
	unsigned int n; /* errors reported, or that would have been past the limit */
};

void blp_error(struct blp_errs *e, unsigned int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The accesses a path entry decides, in the order of struct bl_path_rule's fields. */
enum blp_access {
	BLP_READ = 0,
	BLP_WRITE,
	BLP_EXEC,
	BLP_MOUNT_SRC,
	BLP_UNIX_CONNECT,
	/* No verdict: reads under a [learn] watch-read root are recorded in learn mode. Resolved
	 * and propagated like the accesses above, so one lookup answers it as well. */
	BLP_LEARN_READ,
	BLP_ACCESS_COUNT,
};
#define BLP_ACC(a) (1u << (a))

extern const char *const blp_access_names[BLP_ACCESS_COUNT];
__u8 *blp_path_action(struct bl_path_rule *r, unsigned int access);
__u32 *blp_path_rule_id(struct bl_path_rule *r, unsigned int access);

/* A path as a rule names it: exact, or a directory and everything below it (trailing '/'). */
struct blp_path {
	char path[BL_RULE_PATH_MAX];
	bool dir;
};

/* An inet destination: proto 0 is tcp and udp, family 0 is IPv4 and IPv6 ("any"). */
struct blp_dest {
	__u8 proto;
	__u8 family;
	__u8 plen;
	__u8 addr[16];
	__u16 lo, hi;
};

enum blp_rule_kind {
	BLP_RULE_PATH = 1,
	BLP_RULE_NET,
	BLP_RULE_FSTYPE,
	BLP_RULE_CAP,
	BLP_RULE_SYSCALL,
	BLP_RULE_FLAG,
	BLP_RULE_LISTEN,
};

/* A [network] allow-listen or deny-listen item: `any` is 0-65535, port 0 (unbound) included. */
struct blp_listen {
	__u8 proto; /* IPPROTO_TCP or IPPROTO_UDP */
	__u16 lo, hi;
};

/* One rule as the operator wrote it: one value of one key. */
struct blp_rule {
	enum blp_rule_kind kind;
	unsigned int line;
	__u8 action; /* BL_ACT_ALLOW or BL_ACT_DENY; a flag is set by DENY and cleared by ALLOW */
	char *text; /* "files: deny-write /proc/sys/", without file and line */
	union {
		struct {
			struct blp_path p;
			__u32 access; /* BLP_ACC() bits */
		} path;
		struct blp_dest net;
		char fstype[BL_FSTYPE_MAX];
		unsigned int cap;
		int syscall;
		unsigned int flag; /* enum bl_profile_flag */
		struct blp_listen listen;
	} u;
};

/* One profile file, parsed. */
struct blp_src {
	char *file; /* as given: messages */
	const char *base; /* its last component: rule texts */
	char name[BL_NAME_MAX];
	unsigned int name_line; /* 0 when the name comes from the file name */
	char *description;
	char **images;
	size_t n_images;
	char extends[BL_NAME_MAX];
	unsigned int extends_line; /* 0: extends nothing */
	__u32 mode; /* 0 when the file does not say */
	__u8 response; /* enum bl_response + 1; 0 when the file does not say */
	__u8 response_in_audit; /* 1 no, 2 yes; 0 when the file does not say */
	struct blp_rule *rules;
	size_t n_rules, cap_rules;
	unsigned int n_errors; /* errors found while parsing */
};

/* parse.c: @len bytes of @text into @out, which is set even when there are errors. */
int blp_src_parse(const char *text, size_t len, const char *file, struct blp_src **out,
		  struct bl_diag *diag);
/* The same from a file; -errno (and a message) when it cannot be read. */
int blp_src_load(const char *path, struct blp_src **out, struct bl_diag *diag);
void blp_src_free(struct blp_src *s);
bool blp_section_known(const char *name);
const char *blp_section_suggest(const char *name);

/* compile.c: @chain[0] is the root parent, @chain[n - 1] the profile compiled. */
int blp_compile(struct blp_src *const *chain, size_t n, struct bl_policy **out,
		struct bl_diag *diag);

/* What the compilers of each kind of entry share with compile.c. */
struct blp_compile {
	struct blp_src *const *chain;
	size_t n;
	size_t *base; /* base[level]: global index of that source's first rule */
	size_t n_rules; /* all sources together */
	bool *used; /* used[g]: rule g is referenced by the output */
	struct blp_errs *errs; /* errs[level] */
	struct bl_policy *p;
};
const struct blp_rule *blp_rule_at(const struct blp_compile *c, size_t g, size_t *level);
int blp_compile_paths(struct blp_compile *c);
int blp_compile_nets(struct blp_compile *c);
int blp_compile_objects(struct blp_compile *c); /* compile_objects.c, after the paths */
int blp_compile_listen(struct blp_compile *c); /* listen.c: bl_profile.listen and its flag */

/* reader.c: lines for inih, with the checks inih does not make. */
struct blp_reader {
	const char *p, *end; /* text not read yet */
	unsigned int line; /* number of the line last handed to inih */
	bool cont; /* that line continues the previous key's value */
	bool skip; /* that line was refused (and reported): ignore what inih makes of it */
	bool in_key; /* inih has a previous key: an indented line continues it */
	bool drop_cont; /* the key being continued was refused: ignore its continuations */
	struct blp_errs *errs;
};
char *blp_reader_gets(char *buf, int size, void *stream);

/* Values; each returns 0, or -EINVAL with "what is wrong, found 'x', expected y" in @err. */
int blp_parse_path(const char *tok, struct blp_path *out, char *err, size_t errlen);
/* device.c: "block 8:*", "char 1:1" into a BL_KEY_DEV key; and back, for printing. */
int blp_parse_device(const char *text, struct blp_path *out, char *err, size_t errlen);
void blp_device_text(const char *key, size_t len, char *buf, size_t size);
int blp_parse_dest(const char *text, struct blp_dest *out, char *err, size_t errlen);
/* dest.c: "N" or "N-M", 1-65535. */
int blp_parse_ports(const char *tok, __u16 *lo, __u16 *hi, char *err, size_t errlen);
/* listen.c: the two words of "PROTO PORTS" (PORTS: N, N-M or any); @ports NULL: missing. */
int blp_parse_listen(const char *proto, const char *ports, struct blp_listen *out, char *err,
		     size_t errlen);
int blp_parse_name(const char *tok, char *err, size_t errlen);
int blp_parse_image(const char *tok, char *err, size_t errlen);
int blp_parse_fstype(const char *tok, char *err, size_t errlen);
int blp_cap_parse(const char *tok, unsigned int *cap, char *err, size_t errlen);
const char *blp_cap_name(unsigned int cap); /* "SYS_ADMIN", or NULL */
int blp_syscall_parse(const char *tok, int *nr, char *err, size_t errlen);
char *blp_syscall_name(int nr); /* malloc'd, NULL if unknown */

/* util.c */
int blp_read_file(const char *path, char **text, size_t *len);
bool blp_utf8_valid(const char *s, size_t len, size_t *bad);
size_t blp_utf8_cut(const char *s, size_t max); /* longest prefix <= max not splitting a char */
const char *blp_quote(char *buf, size_t size, const char *s); /* s, shortened for a message */
const char *blp_suggest(const char *word, const char *const *words, size_t n);
const char *blp_basename(const char *path);
char *blp_strdup(const char *s);
int blp_grow(void **v, size_t *cap, size_t n, size_t size); /* room for one more element */

#endif /* BL_POLICY_INTERNAL_H */
