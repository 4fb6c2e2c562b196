package dev.pinion.sftp;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.apache.sshd.server.channel.ChannelDataReceiver;
import org.apache.sshd.server.channel.ChannelSession;

/**
 * The client's side of one SFTP channel cut into whole request packets on MINA's IO thread, as they
 * arrive, and queued for the channel's worker ({@link SftpChannel}). Each packet is copied once, from
 * the decrypted SSH packet into its own array; MINA's default pipe copied every byte twice and took a
 * lock and a window update per read. The SSH window is not released here but by the worker once a
 * request is served ({@link #data} returns 0), so what is queued never exceeds the channel window plus
 * one packet being assembled. A length of zero, a negative one or one above {@code maxPacket} queues
 * {@link #TOO_LARGE} and drops everything after it.
 */
final class SftpRequests implements ChannelDataReceiver {
    /** The client sent EOF or the channel closed. */
    static final byte[] END = new byte[0];
    /** A packet length out of range; {@link #refusedLength()} says which. */
    static final byte[] TOO_LARGE = new byte[0];

    private final int maxPacket;
    private final BlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    private final byte[] header = new byte[4];
    private int headerFill;
    private byte[] current;
    private int currentFill;
    private volatile int refusedLength;
    private boolean refused;

    SftpRequests(int maxPacket) {
        this.maxPacket = maxPacket;
    }

    @Override
    public int data(ChannelSession channel, byte[] buf, int start, int len) {
        int end = start + len;
        while (start < end && !refused) {
            if (current == null) {
                int take = Math.min(4 - headerFill, end - start);
                System.arraycopy(buf, start, header, headerFill, take);
                headerFill += take;
                start += take;
                if (headerFill < 4) {
                    break;
                }
                headerFill = 0;
                int length = ((header[0] & 0xff) << 24)
                        | ((header[1] & 0xff) << 16)
                        | ((header[2] & 0xff) << 8)
                        | (header[3] & 0xff);
                if (length <= 0 || length > maxPacket) {
                    refused = true;
                    refusedLength = length;
                    queue.add(TOO_LARGE);
                    break;
                }
                current = new byte[length];
                currentFill = 0;
            } else {
                int take = Math.min(current.length - currentFill, end - start);
                System.arraycopy(buf, start, current, currentFill, take);
                currentFill += take;
                start += take;
                if (currentFill == current.length) {
                    queue.add(current);
                    current = null;
                }
            }
        }
        return 0;
    }

    /** The next whole packet (without its length), {@link #END} or {@link #TOO_LARGE}; waits for one. */
    byte[] take() throws InterruptedException {
        return queue.take();
    }

    /** True when no whole packet is waiting (replies are flushed then). */
    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** The out-of-range length that queued {@link #TOO_LARGE}. */
    int refusedLength() {
        return refusedLength;
    }

    /** Called by MINA on the client's EOF and when the channel closes; also by {@link SftpChannel#destroy}. */
    @Override
    public void close() {
        queue.add(END);
    }
}
