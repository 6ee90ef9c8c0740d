// SPDX-License-Identifier: GPL-2.0
/*
 * secnet.ko: the "secnet" generic netlink family, the registry of the
 * subsystems that feature modules plug into it, the "core" subsystem, and
 * the "secnet" link type (a device pair).
 */

#include <linux/init.h>
#include <linux/module.h>
#include <net/genetlink.h>
#include <net/rtnetlink.h>

#include "core.h"
#include "device.h"
#include "netlink.h"
#include "pernet.h"
#include "version.h"

static int __init secnet_init(void)
{
	int err;

	err = secnet_device_init();
	if (err)
		return err;
	err = secnet_pernet_init();
	if (err)
		goto err_device;
	err = secnet_nl_init();
	if (err)
		goto err_pernet;
	/* Last: registering announces "core", which needs the family. */
	err = secnet_core_init();
	if (err)
		goto err_nl;

	pr_info("secnet " SECNET_VERSION " loaded\n");
	return 0;

err_nl:
	secnet_nl_exit();
err_pernet:
	secnet_pernet_exit();
err_device:
	secnet_device_exit();
	return err;
}

static void __exit secnet_exit(void)
{
	secnet_core_exit();
	secnet_nl_exit();
	secnet_pernet_exit();
	secnet_device_exit();
}

module_init(secnet_init);
module_exit(secnet_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("secnet core: subsystem registry and generic netlink family");
MODULE_VERSION(SECNET_VERSION);
/* Lets the genetlink core load secnet when a tool asks for the family. */
MODULE_ALIAS_GENL_FAMILY(SECNET_GENL_NAME);
/* ... and rtnetlink when "ip link add ... type secnet" asks for the kind. */
MODULE_ALIAS_RTNL_LINK("secnet");
