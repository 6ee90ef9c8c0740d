/* SPDX-License-Identifier: GPL-2.0 */
/* The host benchmark's shim: KUnit's exports, like any other, are none. */
#ifndef _SHIM_KUNIT_VISIBILITY_H
#define _SHIM_KUNIT_VISIBILITY_H

#define EXPORT_SYMBOL_IF_KUNIT(sym)

#endif
