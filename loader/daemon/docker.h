/* SPDX-License-Identifier: GPL-2.0 */
/* A client of Docker's Engine API over its unix socket (libcurl for HTTP, jansson for JSON). */
#ifndef BL_DOCKER_H
#define BL_DOCKER_H

#include <stdbool.h>
#include <jansson.h>

#define BL_DOCKER_SOCKET "/var/run/docker.sock"
/* Docker 20.10 (Debian 12) speaks 1.41; newer engines still accept it. */
#define BL_DOCKER_API "v1.41"

/* A container as boxlock needs it. */
struct bl_container {
	char id[65];
	char name[128];
	char image[256];
	int pid; /* 0 when not running */
};

/* GET @path; on success *@out is the parsed JSON body. */
int bl_docker_get(const char *sock, const char *path, json_t **out);
/* The container's image, name and main pid (GET /containers/ID/json). */
int bl_docker_inspect(const char *sock, const char *id, struct bl_container *c);
/* Ids of running containers; *@ids is a JSON array of strings. */
int bl_docker_running(const char *sock, json_t **ids);

/*
 * Follows /events for containers and calls @fn(action, id, arg) for each, until @fn returns
 * non-zero, *@stop becomes true, or the stream ends (dockerd stopped). Returns 0 when the stream
 * ended or was stopped, -errno when it could not be opened.
 */
int bl_docker_follow(const char *sock, int (*fn)(const char *action, const char *id, void *arg),
		     void *arg, volatile bool *stop);

#endif /* BL_DOCKER_H */
