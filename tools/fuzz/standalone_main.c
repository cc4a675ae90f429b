// SPDX-License-Identifier: GPL-2.0-only
/*
 * Replay driver for libFuzzer targets without libFuzzer (gcc, valgrind):
 * runs LLVMFuzzerTestOneInput on each file given and on each file of each
 * directory given, in name order. Fails when given no input at all, so an
 * empty or missing corpus cannot pass silently.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 4096, len = 0, got;
	uint8_t *buf, *nb;

	if (!f) {
		perror(path);
		return -1;
	}
	buf = malloc(cap);
	while (buf && (got = fread(buf + len, 1, cap - len, f)) > 0) {
		len += got;
		if (len == cap) {
			nb = realloc(buf, cap * 2);
			if (!nb) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
			cap *= 2;
		}
	}
	fclose(f);
	if (!buf) {
		fprintf(stderr, "%s: out of memory\n", path);
		return -1;
	}
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	return 0;
}

static int replay_dir(const char *dir, unsigned long *n)
{
	struct dirent **ents;
	int i, nr, ret = 0;

	nr = scandir(dir, &ents, NULL, alphasort);
	if (nr < 0) {
		perror(dir);
		return -1;
	}
	for (i = 0; i < nr; i++) {
		char path[4096];
		struct stat st;

		snprintf(path, sizeof(path), "%s/%s", dir, ents[i]->d_name);
		if (ents[i]->d_name[0] != '.' && !stat(path, &st) && S_ISREG(st.st_mode)) {
			if (replay_file(path))
				ret = -1;
			else
				(*n)++;
		}
		free(ents[i]);
	}
	free(ents);
	return ret;
}

int main(int argc, char **argv)
{
	unsigned long n = 0;
	struct stat st;
	int i, ret = 0;

	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st)) {
			perror(argv[i]);
			ret = 1;
		} else if (S_ISDIR(st.st_mode)) {
			if (replay_dir(argv[i], &n))
				ret = 1;
		} else if (replay_file(argv[i])) {
			ret = 1;
		} else {
			n++;
		}
	}
	if (!n) {
		fprintf(stderr, "%s: no input replayed\n", argv[0]);
		return 1;
	}
	printf("replayed %lu inputs\n", n);
	return ret;
}
