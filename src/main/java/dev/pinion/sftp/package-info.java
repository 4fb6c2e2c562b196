/** The SFTP server (Apache MINA SSHD) authenticated against the Panel. */
package dev.pinion.sftp;
