/*
 * fl_codec.h — the binary (send/recv) form of a control_history, pure C.
 *
 * u8 version, u32 n, then per entry i64 instant, u8 kind,
 * A: u32 len + bytes; C: u32 count, count x (u32 len + bytes); U: nothing.
 * Big-endian.  Every name is checked as the text form checks it.
 */
#ifndef FL_CODEC_H
#define FL_CODEC_H

#include "fl_hist.h"

unsigned char *fl_send(const fl_allocator *a, const fl_view *v, size_t *outlen, fl_error *err);
int			fl_recv(fl_builder *b, const unsigned char *p, size_t len, fl_error *err);

#endif							/* FL_CODEC_H */
