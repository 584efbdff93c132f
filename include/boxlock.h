/* SPDX-License-Identifier: GPL-2.0 */
/*
 * boxlock's ABI between the BPF programs and user space: every struct that crosses a map or the
 * ring buffer, and the numbers both sides agree on. Fixed-width types only, explicit padding, and
 * a size assertion per struct so that the two compilers cannot disagree silently.
 *
 * Included by BPF code (after vmlinux.h, which provides __u32 and friends) and by user space (after
 * <linux/types.h>).
 */
#ifndef BOXLOCK_H
#define BOXLOCK_H

#ifndef __bpf__
#include <linux/types.h>
#endif

/* Limits, documented in profiles/README.md; the compiler refuses input that exceeds them. */
#define BL_MAX_PROFILES 256
#define BL_MAX_BINDINGS 65536
#define BL_MAX_PATH_RULES 131072 /* entries in the path trie, all profiles together */
#define BL_MAX_NET_RULES 65536
#define BL_MAX_FSTYPE_RULES 4096
#define BL_MAX_INODE_RULES 131072
#define BL_MAX_RULE_INFO 131072 /* rule descriptions, all profiles together */
#define BL_MAX_CONTAINED_TASKS 262144 /* contained tasks (threads), all containers together */
#define BL_NAME_MAX 64 /* profile name, with its NUL */
#define BL_RULE_TEXT_MAX 128 /* rule description carried to events, with its NUL */
/*
 * Cgroup levels the policy walk looks at. The loader refuses to bind a cgroup deeper than this;
 * a task deeper still is judged by the bindings at levels 1..BL_MAX_CGROUP_DEPTH, so depth can
 * never lose a policy.
 */
#define BL_MAX_CGROUP_DEPTH 32

/*
 * A path rule is an LPM trie key: 32 bits of rule-set slot, then the path's bytes. The kernel
 * caps trie data at 256 bytes, which leaves 252 bytes of path, NUL included. A rule for an exact
 * path ends with its NUL; a rule for a directory ends with '/'. Longer paths seen at run time are
 * matched on their first 252 bytes, which is exact: no rule is longer than that.
 */
#define BL_RULE_PATH_MAX 252
/*
 * Object keys, in the same trie, told from paths by their first byte (a resolved path starts
 * with '/'):
 *  - BL_KEY_FS, a BL_FS_* number, then the path inside that pseudo-filesystem, from its
 *    superblock's root ("/sys/kernel/core_pattern" for procfs): what a rule for a path under the
 *    filesystem's usual mount point (BL_PSEUDO_MOUNTS) compiles to as well, so that it matches
 *    the object however a task reaches it (a chroot, another mount, a bind mount).
 *  - BL_KEY_DEV, 'b' or 'c', the major in 3 and the minor in 5 lowercase hex digits, a NUL: a
 *    device node by what it is, whatever it is called. A prefix of it is a range ("block *").
 */
#define BL_KEY_FS 0x01
#define BL_KEY_DEV 0x02
#define BL_DEV_KEY_LEN 11 /* with its NUL */

/*
 * Pseudo-filesystems: X(ID, number, superblock magic). DEVTMPFS has tmpfs's magic and is told
 * apart by its type's name. Numbers are key bytes: only ever appended.
 */
#define BL_PSEUDO_FS(X)               \
	X(PROC, 1, 0x9fa0)            \
	X(SYSFS, 2, 0x62656572)       \
	X(CGROUP2, 3, 0x63677270)     \
	X(DEBUGFS, 4, 0x64626720)     \
	X(TRACEFS, 5, 0x74726163)     \
	X(SECURITYFS, 6, 0x73636673)  \
	X(BPFFS, 7, 0xcafe4a11)       \
	X(DEVTMPFS, 8, 0x01021994)    \
	X(BINFMT_MISC, 9, 0x42494e4d) \
	X(CONFIGFS, 10, 0x62656570)   \
	X(EFIVARFS, 11, 0xde5e81e4)   \
	X(PSTORE, 12, 0x6165676c)     \
	X(DEVPTS, 13, 0x1cd1)

/* Where rules name them: X(mount point, ID). A rule below a mount point is also keyed by the
 * path inside that filesystem (the longest mount point that holds it decides which). */
#define BL_PSEUDO_MOUNTS(X)                        \
	X("/proc", PROC)                           \
	X("/proc/sys/fs/binfmt_misc", BINFMT_MISC) \
	X("/sys", SYSFS)                           \
	X("/sys/fs/cgroup", CGROUP2)               \
	X("/sys/fs/bpf", BPFFS)                    \
	X("/sys/fs/pstore", PSTORE)                \
	X("/sys/kernel/debug", DEBUGFS)            \
	X("/sys/kernel/debug/tracing", TRACEFS)    \
	X("/sys/kernel/tracing", TRACEFS)          \
	X("/sys/kernel/security", SECURITYFS)      \
	X("/sys/kernel/config", CONFIGFS)          \
	X("/sys/firmware/efi/efivars", EFIVARFS)   \
	X("/dev", DEVTMPFS)                        \
	X("/dev/pts", DEVPTS)

/* Paths resolved at run time: PATH_MAX. A longer one cannot be judged and is denied. */
#define BL_PATH_BUF 4096
#define BL_EVENT_PATH_MAX 256

/*
 * The numbers both sides agree on, one table each, in the style of the kernel's
 * include/linux/lsm_hook_defs.h: one line per value, and everything else (the enums here, the
 * names in common/names.c, which hooks a profile needs) generated from the lines. A value's
 * number is its place in its table, or the number its line gives: events, counters and pinned
 * maps carry these numbers, so lines are only ever appended, and a change bumps BL_ABI_VERSION.
 */

/* A profile's mode: X(ID, number, name). */
#define BL_MODES(X)                                                                                  \
	X(AUDIT, 1, "audit") /* allow, report what would have been denied */                         \
	X(ENFORCE, 2, "enforce") /* deny with -EPERM and report */                                   \
	/* the profile's own rules as audit, what it inherits as its ancestors' mode (enforce:     \
	 * escapes stay denied), and what the container does recorded in `learned` */ \
	X(LEARN, 3, "learn")

/* What became of a denial: X(ID, number, name), the event's "verdict". */
#define BL_VERDICTS(X)                                               \
	X(DENIED, 1, "denied") /* enforce: the syscall got -EPERM */ \
	X(AUDITED, 2, "audited") /* audit: it would have been denied, it was allowed */

/*
 * Why a decision was taken: X(ID, name), the event's "reason". Anything but RULE and SELF means
 * boxlock could not decide and failed closed. SELF is no profile's rule: no contained task may
 * touch boxlock's own state, in any mode (bpf-lsm/self.bpf.c).
 */
#define BL_REASONS(X)                                                                         \
	X(RULE, "rule") /* a rule of the profile matched */                                   \
	X(NO_PROFILE, "no-profile") /* the cgroup is bound to a profile that is not loaded */ \
	X(PATH_UNRESOLVED, "path-unresolved") /* the object's path could not be read */       \
	X(SCRATCH_BUSY, "scratch-busy") /* no per-CPU scratch buffer was free */              \
	X(MAP_FULL, "map-full") /* state could not be recorded (arming a container) */        \
	X(ADDR_UNPARSED, "addr-unparsed") /* an inet socket's address could not be read */    \
	X(SELF, "boxlock-self") /* boxlock's own pins, maps, programs, links: never a container's */

/* Counters in the `stats` per-CPU array: X(ID, name), as `boxlock status` names them. */
#define BL_STATS(X)                                                                     \
	X(DENIED, "denied")                                                             \
	X(AUDITED, "audited")                                                           \
	X(EVENTS_LOST, "events_lost") /* the ring buffer was full: the verdict stood */ \
	X(NO_PROFILE, "no_profile")                                                     \
	X(PATH_UNRESOLVED, "path_unresolved")                                           \
	X(SCRATCH_BUSY, "scratch_busy")                                                 \
	X(MAP_FULL, "map_full")                                                         \
	/* tasks armed: at a container's first exec, or by arm-now */                   \
	X(ARMED, "processes_armed")                                                     \
	X(ADDR_UNPARSED, "addr_unparsed")                                               \
	/* learn mode: an observation not recorded, the verdict unchanged */            \
	X(LEARN_FULL, "learn_full") /* `learned` was full */                            \
	X(LEARN_BUSY, "learn_busy") /* no learn scratch buffer was free */

/*
 * Profile flags, whole-hook switches: X(ID, name), as `profile show` names them. Each has the id
 * of the rule that set it in bl_profile.flag_rule[].
 */
#define BL_PROFILE_FLAGS(X)                                                                       \
	X(EXEC_ALLOWLIST, "exec-allowlist") /* exec only what an allow rule lists */              \
	X(DENY_MOUNT, "deny-mount") /* every mount, remount, umount, pivot_root, move_mount */    \
	X(MOUNT_FSTYPE_ALLOWLIST, "mount-fstype-allowlist") /* new mounts of listed types only */ \
	X(DENY_MODULES, "deny-modules") /* module load and request, kernel_read_file */           \
	X(DENY_BPF, "deny-bpf") /* the bpf() syscall */                                           \
	X(DENY_PTRACE, "deny-ptrace") /* attach to any process, read one outside */               \
	X(DENY_USERNS, "deny-userns") /* creating a user namespace */                             \
	X(DENY_CGROUP_ESCAPE, "deny-cgroup-escape") /* cgroup.procs outside the bound subtree */  \
	X(LISTEN_ALLOWLIST, "listen-allowlist") /* serve only on the ports allow-listen lists */

/*
 * The kinds of rule a compiled profile holds, as bits of one __u32: BL_PF(f) for each profile
 * flag f it sets, and one bit per kind of map entry, by what the entry decides. The hooks table
 * says which kinds each hook enforces; a profile needs every hook that enforces one of its kinds
 * (bl_hooks_needed in common/names.h).
 */
#define BL_RK_PATH_OPEN (1u << 16) /* path entries deciding read or write */
#define BL_RK_PATH_EXEC (1u << 17) /* path entries deciding exec */
#define BL_RK_PATH_UNIX (1u << 18) /* path entries deciding a connect to a unix socket */
#define BL_RK_PATH_MOUNT_SRC (1u << 19) /* path entries deciding a bind mount's source */
#define BL_RK_NET (1u << 20) /* network entries */
#define BL_RK_CAP (1u << 21) /* denied capabilities */
#define BL_RK_LISTEN (1u << 22) /* listen port ranges (bl_profile.listen) */
#define BL_RK_LEARN_READ (1u << 23) /* path entries watching reads (learn mode) */

/*
 * Every hook boxlock judges and reports: X(ID, name, lsm, kinds).
 *   name   what events and `boxlock status` call it (the event's "hook")
 *   lsm    the LSM hook whose program enforces it, as in SEC("lsm/NAME"): a kernel without that
 *          LSM hook loses every line that names it. CGROUP_MOVE is no LSM hook of its own: the
 *          inode_permission program judges the kernel's write check on a cgroup's process list
 *          (cgroup.procs writes and clone3(CLONE_INTO_CGROUP) alike) and reports under that
 *          name; file_open judges opens of cgroup.procs too, under the same name.
 *          Programs that no line names (task_alloc and task_free, which containment needs;
 *          ptrace_traceme, which reports as PTRACE) cannot be done without: a kernel that lacks
 *          one is refused. SELF is no LSM hook and no rule kind either: it names, in events, the
 *          programs of self.bpf.c (inode_permission, inode_unlink, ..., bpf_map, bpf_prog),
 *          which guard boxlock's own state for every contained task whatever its profile; no
 *          line names their LSM hooks but inode_permission and bpf, which every kernel has.
 *   kinds  the rule kinds it enforces (BL_RK_*, BL_PF()): a profile with any of them needs it
 */
/*
 * FILE_CHANGE and NAME_CHANGE: a file rule's write access judged where a file changes without an
 * open for writing (bpf-lsm/change.bpf.c): its content or attributes (truncate, chmod, chown,
 * utimes, xattrs), or a name (unlink, rmdir, rename either end, link, and a new name: mknod,
 * O_CREAT, mkdir, symlink). One line each for several LSM hooks, named by the space-separated
 * `lsm` lists below (bl_hooks_of_lsm): hook bit sets are __u32. The event's "operation" says
 * which (BL_FILE_OPS, in the event's access bits above BL_ACCESS_OP_SHIFT).
 */
#define BL_FILE_CHANGE_LSM \
	"path_truncate path_chmod path_chown inode_setattr inode_setxattr inode_removexattr"
#define BL_NAME_CHANGE_LSM \
	"path_unlink path_rmdir path_rename path_link path_mknod path_mkdir path_symlink"

#define BL_HOOKS(X)                                                                               \
	X(NONE, "none", "", 0)                                                                    \
	X(FILE_OPEN, "file_open", "file_open", BL_RK_PATH_OPEN | BL_RK_LEARN_READ)                \
	X(EXEC, "bprm_check_security", "bprm_check_security",                                     \
	  BL_RK_PATH_EXEC | BL_PF(BL_PF_EXEC_ALLOWLIST))                                          \
	X(CONNECT, "socket_connect", "socket_connect", BL_RK_NET)                                 \
	X(UNIX_CONNECT, "unix_stream_connect", "unix_stream_connect", BL_RK_PATH_UNIX)            \
	X(UNIX_SEND, "unix_may_send", "unix_may_send", BL_RK_PATH_UNIX)                           \
	X(FILE_RECEIVE, "file_receive", "file_receive", BL_RK_PATH_OPEN | BL_RK_PATH_UNIX)        \
	X(MOUNT, "sb_mount", "sb_mount",                                                          \
	  BL_PF(BL_PF_DENY_MOUNT) | BL_PF(BL_PF_MOUNT_FSTYPE_ALLOWLIST) | BL_RK_PATH_MOUNT_SRC)   \
	X(REMOUNT, "sb_remount", "sb_remount", BL_PF(BL_PF_DENY_MOUNT))                           \
	X(UMOUNT, "sb_umount", "sb_umount", BL_PF(BL_PF_DENY_MOUNT))                              \
	X(PIVOTROOT, "sb_pivotroot", "sb_pivotroot", BL_PF(BL_PF_DENY_MOUNT))                     \
	X(MOVE_MOUNT, "move_mount", "move_mount", BL_PF(BL_PF_DENY_MOUNT))                        \
	X(CAPABLE, "capable", "capable", BL_RK_CAP)                                               \
	X(MODULE_REQUEST, "kernel_module_request", "kernel_module_request",                       \
	  BL_PF(BL_PF_DENY_MODULES))                                                              \
	X(KERNEL_READ_FILE, "kernel_read_file", "kernel_read_file", BL_PF(BL_PF_DENY_MODULES))    \
	X(KERNEL_LOAD_DATA, "kernel_load_data", "kernel_load_data", BL_PF(BL_PF_DENY_MODULES))    \
	X(BPF, "bpf", "bpf", BL_PF(BL_PF_DENY_BPF))                                               \
	X(PTRACE, "ptrace_access_check", "ptrace_access_check", BL_PF(BL_PF_DENY_PTRACE))         \
	X(USERNS, "userns_create", "userns_create", BL_PF(BL_PF_DENY_USERNS))                     \
	X(CGROUP_MOVE, "cgroup_move", "inode_permission", BL_PF(BL_PF_DENY_CGROUP_ESCAPE))        \
	X(SENDMSG, "socket_sendmsg", "socket_sendmsg", BL_RK_NET)                                 \
	X(SELF, "boxlock_self", "", 0)                                                            \
	X(FILE_CHANGE, "file_change", BL_FILE_CHANGE_LSM, BL_RK_PATH_OPEN)                        \
	X(NAME_CHANGE, "name_change", BL_NAME_CHANGE_LSM, BL_RK_PATH_OPEN)                        \
	X(MMAP_EXEC, "mmap_file", "mmap_file", BL_PF(BL_PF_EXEC_ALLOWLIST))                       \
	X(MPROTECT_EXEC, "file_mprotect", "file_mprotect", BL_PF(BL_PF_EXEC_ALLOWLIST))           \
	/* A TCP listen, and a UDP bind to a port (a server's), against bl_profile.listen. */     \
	X(LISTEN, "socket_listen", "socket_listen", BL_RK_LISTEN | BL_PF(BL_PF_LISTEN_ALLOWLIST)) \
	X(BIND, "socket_bind", "socket_bind", BL_RK_LISTEN | BL_PF(BL_PF_LISTEN_ALLOWLIST))

/* The enums, from the tables. clang-format would indent what follows an expansion. */
/* clang-format off */
enum bl_mode {
#define BL_X(id, num, name) BL_MODE_##id = num,
	BL_MODES(BL_X)
#undef BL_X
};

enum bl_verdict {
#define BL_X(id, num, name) BL_VERDICT_##id = num,
	BL_VERDICTS(BL_X)
#undef BL_X
};

enum bl_reason {
#define BL_X(id, name) BL_REASON_##id,
	BL_REASONS(BL_X)
#undef BL_X
	BL_REASON_COUNT,
};

enum bl_stat {
#define BL_X(id, name) BL_STAT_##id,
	BL_STATS(BL_X)
#undef BL_X
	BL_STAT_COUNT,
};

enum bl_profile_flag {
#define BL_X(id, name) BL_PF_##id,
	BL_PROFILE_FLAGS(BL_X)
#undef BL_X
	BL_PF_COUNT,
};
#define BL_PF(f) (1u << (f))

enum bl_pseudo_fs {
#define BL_X(id, num, magic) BL_FS_##id = num,
	BL_PSEUDO_FS(BL_X)
#undef BL_X
};

enum bl_hook {
#define BL_X(id, name, lsm, kinds) BL_HOOK_##id,
	BL_HOOKS(BL_X)
#undef BL_X
	BL_HOOK_COUNT,
};
/* clang-format on */

/* Bit sets of these are __u32 (settings.missing_hooks, rule kinds, bl_profile.flags). */
_Static_assert(BL_HOOK_COUNT <= 32, "hooks fit a __u32 bit set");
_Static_assert(BL_PF_COUNT <= 16, "profile flags stay below the BL_RK_* bits");

/* Actions in a resolved rule; the compiler fills every access so one lookup decides. */
enum bl_action {
	BL_ACT_NONE = 0, /* no rule: allowed */
	BL_ACT_ALLOW = 1,
	BL_ACT_DENY = 2,
};

/* Access bits in events and file rules. */
#define BL_ACCESS_READ 0x1
#define BL_ACCESS_WRITE 0x2

#define BL_ACCESS_EXEC 0x4

/*
 * What changed a file without opening it for writing: X(ID, number, name), the event's
 * "operation" for file_change and name_change, in the event's access bits from
 * BL_ACCESS_OP_SHIFT up. Numbers are only ever appended.
 */
#define BL_FILE_OPS(X)                                                                       \
	X(TRUNCATE, 1, "truncate")                                                           \
	X(CHMOD, 2, "chmod")                                                                 \
	X(CHOWN, 3, "chown")                                                                 \
	X(SETATTR, 4, "setattr") /* utimes, and any other attribute change */                \
	X(SETXATTR, 5, "setxattr")                                                           \
	X(REMOVEXATTR, 6, "removexattr")                                                     \
	X(UNLINK, 7, "unlink")                                                               \
	X(RMDIR, 8, "rmdir")                                                                 \
	X(RENAME_FROM, 9, "rename-from") /* the name renamed away */                         \
	X(RENAME_TO, 10, "rename-to") /* the name renamed to (over a file, or a new name) */ \
	X(LINK_FROM, 11, "link-from") /* the file a second name is made for */               \
	X(LINK_TO, 12, "link-to") /* that new name */                                        \
	X(CREATE, 13, "create") /* mknod, or open(O_CREAT) of a new file */                  \
	X(MKDIR, 14, "mkdir")                                                                \
	X(SYMLINK, 15, "symlink")                                                            \
	X(SETACL, 16, "setacl") /* 6.2+: POSIX ACLs are no xattr calls any more */           \
	X(REMOVEACL, 17, "removeacl")
#define BL_ACCESS_OP_SHIFT 8

/* clang-format off */
enum bl_file_op {
#define BL_X(id, num, name) BL_OP_##id = num,
	BL_FILE_OPS(BL_X)
#undef BL_X
};
/* clang-format on */

/* [profile] response: the daemon's action on the container after a denial. */
enum bl_response {
	BL_RESPONSE_REPORT = 0, /* the event only */
	BL_RESPONSE_FREEZE = 1, /* cgroup.freeze: until `boxlock container release` */
	BL_RESPONSE_KILL = 2, /* cgroup.kill */
};
/* response-in-audit = yes: an audit-mode would-be denial triggers the response too. */
#define BL_RESP_IN_AUDIT 0x1

/*
 * The version of this ABI, bumped by hand whenever a struct that a pinned map holds changes (a
 * field added, removed, reordered or retyped) or a table's numbers do. A binary refuses pinned
 * state of another version, which it would misread: `boxlock unload` (dropping all policy) first.
 */
#define BL_ABI_VERSION 6 /* 6: struct bl_settings's cap_unjudged; path_rules, inode_rules 131072 */

/*
 * `abi` array, one element: the BL_ABI_VERSION of the binary that created the pinned state. A map
 * of its own rather than a field of settings: its layout never changes, so every version can read
 * it before it trusts any other map, and state pinned before it existed is told by its absence.
 */
struct bl_abi {
	__u32 version;
	__u32 _pad;
};

/* `settings` array, one element: settings that change at run time. */
struct bl_settings {
	__u32 min_bound_level; /* the shallowest and deepest levels of any binding: */
	__u32 max_bound_level; /* the cgroup walk looks only between them */
	__u32 next_slot; /* next rule-set slot to hand out (user space only) */
	__u32 missing_hooks; /* bit BL_HOOK_*: hooks this kernel lacks (user space only) */
	__u64 host_mnt_ns; /* inode number of the host's mount namespace (see BL_BIND_ARM_AT_EXEC) */
	/*
	 * Bit n: no loaded profile judges capability n (none denies or audits it, none learns), so
	 * `capable` allows it for every task without finding the task's profile. Written by user
	 * space under the lock (loader/cap_mask.c): cleared to 0 before any change to the profiles
	 * and recomputed after it, so that a change in progress, or one that died half-way, leaves
	 * every capability judged the full way. 0, as a fresh map holds, judges everything.
	 */
	__u64 cap_unjudged;
};

/*
 * Binding flags.
 *
 * BL_BIND_ARM_AT_EXEC: the container runtime still has to set the container up inside this cgroup
 * (runc's init opens its state under /run, mounts the rootfs, pivots, drops capabilities), so the
 * profile waits for the container's first instruction: an exec, in this cgroup or below, by a
 * task outside the host's mount namespace. That exec contains the task (`contained`), its
 * children and threads inherit it, and the exec is itself judged. Tasks already running when a
 * cgroup is bound are contained by the loader (`arm_request`, the arm iterator). Without the flag
 * the whole profile applies at once, and a task is contained at its first hook call there.
 */
#define BL_BIND_ARM_AT_EXEC 0x1

/* `bindings` hash: cgroup v2 id -> this. */
struct bl_binding {
	__u32 profile_id;
	__u32 flags; /* BL_BIND_* */
};

/*
 * `contained` hash: task_struct pointer of each contained task (thread) -> this. Once a task has
 * an entry, its profile holds wherever the task goes, whatever cgroup it is moved to.
 */
struct bl_contained {
	__u32 profile_id;
	__u32 flags; /* BL_BIND_* of the binding that contained it */
	__u64 bound_cgroup_id; /* that binding's cgroup, reported in events */
	__u64 armed_ns; /* CLOCK_BOOTTIME of the arming it descends from */
};

/*
 * `arm_request` array, one element: what the arm iterator (SEC("iter/task")) contains. User space
 * writes the request under the control-plane lock, with the cgroup frozen, runs the iterator to
 * its end, and reads back the counts.
 */
struct bl_arm_request {
	__u64 cgroup_id; /* contain every task of this cgroup and below; 0: no request */
	__u32 profile_id;
	__u32 flags; /* BL_BIND_* */
	__u64 armed_ns;
	__u32 armed; /* out: tasks contained by this run (moved, with BL_ARM_MOVE) */
	__u32 failed; /* out: tasks that could not be contained (map full, cgroup too deep) */
	/*
	 * BL_ARM_MOVE: moves rather than contains. Every task of the subtree contained under profile
	 * move_from gets profile_id, in one store into its entry (it is contained throughout, and
	 * keeps its flags, bound cgroup and arming time); a task contained under any other profile,
	 * or not at all, is left as it is. `boxlock container learn` switches a running container
	 * to its learning child, and back, this way. 0: contain, as above.
	 */
	__u32 move;
	__u32 move_from;
};
#define BL_ARM_MOVE 1

#define BL_LISTEN_RANGES \
	16 /* allow-listen and deny-listen ranges per profile, inherited included */
#define BL_CAP_MAX 64 /* capabilities are numbered below this (CAP_LAST_CAP is 40 in 6.12) */

/* `profiles` hash: profile id -> this. Replaced whole, so a task sees one version or the other. */
struct bl_profile {
	__u32 mode; /* enum bl_mode */
	__u32 rules_slot; /* first 32 bits of this version's keys in the rule maps */
	__u32 flags; /* BL_PF() bits */
	/*
	 * What the daemon does to a container after a denial (enum bl_response; 0, report, is
	 * what state pinned before these fields existed holds). The kernel never acts on it.
	 */
	__u8 response;
	__u8 response_flags; /* BL_RESP_IN_AUDIT */
	__u16 _pad;
	__u64 cap_deny; /* bit n: capability n is denied */
	__u32 flag_rule[BL_PF_COUNT]; /* rule id behind each flag */
	__u32 cap_rule[BL_CAP_MAX]; /* rule id behind each denied capability */
	/*
	 * Learn mode: rule ids 1..inherited_rules are the rules of the profiles this one extends
	 * (numbered first), judged by inherited_mode, the nearest ancestor's own mode (audit when
	 * none says one); the rest, the profile's own, are audited. A decision that no rule took
	 * (a path that could not be resolved, a map full) is judged by inherited_mode too.
	 */
	__u32 inherited_rules;
	__u32 inherited_mode; /* enum bl_mode: audit or enforce */
	/*
	 * Ports a contained task may serve on (TCP listen, UDP bind): ranges checked in order,
	 * the first match decides; no match denies under BL_PF_LISTEN_ALLOWLIST, allows otherwise.
	 */
	__u32 n_listen; /* no padding: BL_PF_COUNT is odd, so the struct ends 8-aligned */
	struct bl_listen_range {
		__u16 lo; /* host byte order, inclusive */
		__u16 hi;
		__u8 proto; /* IPPROTO_TCP or IPPROTO_UDP */
		__u8 action; /* enum bl_action */
		__u8 _pad[2];
		__u32 rule_id;
	} listen[BL_LISTEN_RANGES];
};

/* Key of the `path_rules` LPM trie. prefixlen counts bits of slot + path. */
struct bl_path_key {
	__u32 prefixlen;
	__u32 slot;
	char path[BL_RULE_PATH_MAX];
};

/*
 * Value of the `path_rules` LPM trie: the resolved action per access of the longest match. The
 * compiler copies into each entry the actions of its nearest enclosing rule for every access the
 * entry does not set itself, so one lookup decides every access.
 */
struct bl_path_rule {
	__u8 read; /* enum bl_action */
	__u8 write;
	__u8 exec;
	__u8 mount_src; /* a bind/move mount from this path */
	__u8 unix_connect; /* connect to a unix socket bound at this path */
	__u8 learn_read; /* BL_ACT_ALLOW: under a watched root, reads are learned ([learn] watch-read) */
	__u8 _pad[2];
	__u32 read_rule; /* the rule id behind each action, for events */
	__u32 write_rule;
	__u32 exec_rule;
	__u32 mount_src_rule;
	__u32 unix_connect_rule;
	__u32 learn_read_rule;
};

/* Key of the `net_rules` LPM trie: slot, then protocol and family, then the address. */
struct bl_net_key {
	__u32 prefixlen; /* 32 (slot) + 8 (proto) + 8 (family) + 16 (pad) + address bits */
	__u32 slot;
	__u8 proto; /* IPPROTO_TCP or IPPROTO_UDP */
	__u8 family; /* 4 or 6; IPv4-mapped IPv6 addresses are looked up as 4 */
	__u8 _pad[2];
	__u8 addr[16];
};

#define BL_NET_PORT_RANGES 16

struct bl_port_range {
	__u16 lo; /* host byte order, inclusive */
	__u16 hi;
	__u8 action; /* enum bl_action */
	__u8 _pad[3];
	__u32 rule_id;
};

/* Value of `net_rules`: port ranges checked in order, first match decides; the compiler folds
 * enclosing prefixes' ranges in behind the entry's own. */
struct bl_net_rule {
	__u32 n_ranges;
	__u32 _pad;
	struct bl_port_range ranges[BL_NET_PORT_RANGES];
};

#define BL_FSTYPE_MAX 32

/* `fstype_rules` hash: fs types a profile allows mounting when BL_PF_MOUNT_FSTYPE_ALLOWLIST. */
struct bl_fstype_key {
	__u32 slot;
	char fstype[BL_FSTYPE_MAX];
};

/* Value of `fstype_rules`. */
struct bl_fstype_rule {
	__u32 rule_id;
	__u32 _pad;
};

/*
 * `inode_rules` hash: the identity (device, inode) of objects that exact path rules name, resolved
 * by the loader when it stores the profile. A host object reached under another name (a bind
 * mount, a hard link, /proc/PID/root, a socket's peer) still matches. Value: struct bl_path_rule.
 */
struct bl_inode_key {
	__u32 slot;
	__u32 dev; /* the kernel's dev_t: major << 20 | minor */
	__u64 ino;
};

/* `rule_info` hash: what the operator wrote, so an event can name its rule. */
struct bl_rule_key {
	__u32 slot;
	__u32 rule_id;
};

struct bl_rule_info {
	char text[BL_RULE_TEXT_MAX];
};

/*
 * `self_objects` hash: boxlock's own state, recorded by the loader at every load (loader/pins.c):
 * the pin directory, its subdirectories and every pin in them by identity (the bpffs instance's
 * dev_t, the inode number), not by name, so another mount of the same bpffs is the same object;
 * and the ids of its maps, programs and links. A contained task may not open, reach into, add
 * to, rename or remove any of it (bpf-lsm/self.bpf.c). Value: a __u32, unused.
 */
#define BL_MAX_SELF_OBJECTS 1024

enum bl_self_kind {
	BL_SELF_INODE = 1,
	BL_SELF_MAP,
	BL_SELF_PROG,
	BL_SELF_LINK,
};

struct bl_self_key {
	__u32 kind; /* enum bl_self_kind */
	__u32 dev; /* BL_SELF_INODE: the kernel's dev_t, major << 20 | minor; else 0 */
	__u64 id; /* the inode number, or the map, program or link id */
};

/* What a contained task tried on boxlock's own state: the event's "detail" for boxlock_self. */
enum bl_self_access {
	BL_SELF_ACC_REACH = 1, /* inode_permission: open a pin, look into the pin directory */
	BL_SELF_ACC_UNLINK,
	BL_SELF_ACC_RMDIR,
	BL_SELF_ACC_RENAME,
	BL_SELF_ACC_CREATE, /* a new pin or file there */
	BL_SELF_ACC_MKDIR,
	BL_SELF_ACC_SYMLINK,
	BL_SELF_ACC_LINK, /* a hard link to or into it */
	BL_SELF_ACC_MAP_FD, /* an fd of one of boxlock's maps (BPF_OBJ_GET, BPF_MAP_GET_FD_BY_ID) */
	BL_SELF_ACC_PROG_FD,
	BL_SELF_ACC_LINK_FD, /* BPF_LINK_GET_FD_BY_ID of one of boxlock's links */
};

/* `profile_names` array: profile id -> name, empty when the id is free. */
struct bl_profile_name {
	char name[BL_NAME_MAX];
};

enum bl_object_kind {
	BL_OBJ_NONE = 0,
	BL_OBJ_PATH, /* path */
	BL_OBJ_INET, /* family, proto, addr, port */
	BL_OBJ_CAP, /* cap */
	BL_OBJ_MOUNT, /* path: mount point or source; fstype */
	BL_OBJ_NAME, /* path holds a name: a module, a bpf command */
};

/* One ring buffer record per denial (enforce) or would-be denial (audit). */
struct bl_event {
	__u64 ts_ns; /* CLOCK_BOOTTIME */
	__u64 cgroup_id; /* the task's own cgroup */
	__u64 bound_cgroup_id; /* the cgroup whose binding applied (itself or an ancestor) */
	__u32 pid; /* thread group id, as ps shows it */
	__u32 tid;
	__u32 hook; /* enum bl_hook */
	__u32 profile_id;
	__u32 rules_slot;
	__u32 rule_id; /* 0 when reason is not BL_REASON_RULE */
	__u8 mode; /* enum bl_mode */
	__u8 verdict; /* enum bl_verdict */
	__u8 reason; /* enum bl_reason */
	__u8 object_kind; /* enum bl_object_kind */
	__u32 access; /* BL_ACCESS_* for files; the bpf command; the ptrace mode */
	char comm[16];
	__u8 family; /* 4 or 6 */
	__u8 proto;
	__u16 port; /* host byte order */
	__u32 cap;
	__u8 addr[16];
	char fstype[BL_FSTYPE_MAX];
	char path[BL_EVENT_PATH_MAX];
};

#define BL_RINGBUF_BYTES (1 << 20)

/*
 * Learn mode (BL_MODE_LEARN): what a contained task did and was allowed, recorded once per
 * distinct object in the `learned` hash, with a count, for `boxlock profile generate`.
 * X(ID, number, name): the kinds of observation, the key's "kind". Numbers only ever appended.
 */
#define BL_LEARN_KINDS(X)                                                                       \
	X(EXEC, 1, "exec") /* path: a program executed or a file mapped executable (details) */ \
	X(WRITE, 2, "write") /* path: opened for writing, or a name or content changed (ops) */ \
	X(READ, 3, "read") /* path: opened for reading, under a watched root only */            \
	X(UNIX, 4, "unix") /* path: a unix socket connected to or sent to, by its bound name */ \
	X(CONNECT, 5, "connect") /* proto, family, addr, port: an inet destination */           \
	X(LISTEN, 6, "listen") /* proto, family, addr, port: a TCP listen, a UDP bind */        \
	X(CAP, 7, "capability") /* cap: a capability used */                                    \
	X(MOUNT, 8, "mount") /* path: the mount point; fstype */

/* clang-format off */
enum bl_learn_kind {
#define BL_X(id, num, name) BL_LEARN_##id = num,
	BL_LEARN_KINDS(BL_X)
#undef BL_X
};
/* clang-format on */

#define BL_MAX_LEARNED 65536 /* distinct observations, all profiles together */
#define BL_LEARN_PATH_MAX 256 /* a longer path is recorded cut, with BL_LEARNED_CUT */

/*
 * bl_learned.details for EXEC: how the file was run. For WRITE: bit 0 an open for writing, bit
 * BL_OP_x the operation x (BL_FILE_OPS). BL_LEARNED_CUT, in every kind: the path was longer than
 * the key holds and is cut; a profile cannot name it exactly.
 */
#define BL_LEARNED_EXECUTED 0x1 /* by execve (bprm_check_security) */
#define BL_LEARNED_INTERPRETER 0x2 /* as the interpreter of a script (#!, binfmt_misc) */
#define BL_LEARNED_MAPPED 0x4 /* mapped executable: a library, the dynamic loader */
#define BL_LEARNED_WRITE_OPEN 0x1
#define BL_LEARNED_CUT 0x80000000u

/*
 * Key of `learned`. Zeroed whole before it is filled (a hash compares every byte): the path is
 * NUL-padded. bound_cgroup_id: the container (its bound cgroup), so that the daemon can tell
 * containers of one profile apart.
 */
struct bl_learn_key {
	__u64 bound_cgroup_id;
	__u32 profile_id;
	__u8 kind; /* enum bl_learn_kind */
	__u8 proto;
	__u8 family; /* 4 or 6 */
	__u8 _pad;
	__u16 port; /* host byte order */
	__u16 _pad2;
	__u32 cap;
	__u8 addr[16];
	char fstype[16]; /* MOUNT: the filesystem type, cut to 15 bytes */
	char path[BL_LEARN_PATH_MAX];
};

/* Value of `learned`. */
struct bl_learned {
	__u64 count;
	__u64 first_ns; /* CLOCK_BOOTTIME of the first time */
	__u64 last_ns;
	__u64 ino; /* EXEC, WRITE, READ: the file's identity when it was first seen */
	__u32 dev; /* the kernel's dev_t */
	__u32 details; /* BL_LEARNED_* */
};

_Static_assert(sizeof(struct bl_abi) == 8, "bl_abi layout: it never changes");
_Static_assert(sizeof(struct bl_settings) == 32, "bl_settings layout");
_Static_assert(sizeof(struct bl_inode_key) == 16, "bl_inode_key layout");
_Static_assert(sizeof(struct bl_binding) == 8, "bl_binding layout");
_Static_assert(sizeof(struct bl_contained) == 24, "bl_contained layout");
_Static_assert(sizeof(struct bl_arm_request) == 40, "bl_arm_request layout");
_Static_assert(sizeof(struct bl_path_key) == 4 + 256, "bl_path_key must fill the trie's 256 bytes");
_Static_assert(sizeof(struct bl_profile) ==
		       16 + 8 + 4 * BL_PF_COUNT + 4 * BL_CAP_MAX + 12 + 12 * BL_LISTEN_RANGES,
	       "bl_profile layout");
_Static_assert(sizeof(struct bl_learn_key) == 56 + BL_LEARN_PATH_MAX, "bl_learn_key layout");
_Static_assert(sizeof(struct bl_learned) == 40, "bl_learned layout");
_Static_assert(sizeof(struct bl_path_rule) == 32, "bl_path_rule layout");
_Static_assert(sizeof(struct bl_net_key) == 4 + 4 + 4 + 16, "bl_net_key layout");
_Static_assert(sizeof(struct bl_net_rule) == 8 + 12 * BL_NET_PORT_RANGES, "bl_net_rule layout");
_Static_assert(sizeof(struct bl_fstype_key) == 4 + BL_FSTYPE_MAX, "bl_fstype_key layout");
_Static_assert(sizeof(struct bl_rule_key) == 8, "bl_rule_key layout");
_Static_assert(sizeof(struct bl_self_key) == 16, "bl_self_key layout");
_Static_assert(sizeof(struct bl_event) == 72 + 24 + BL_FSTYPE_MAX + BL_EVENT_PATH_MAX,
	       "bl_event layout");

#endif /* BOXLOCK_H */
