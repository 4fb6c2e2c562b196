package dev.pinion.server;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** The last lines a server printed, for {@code GET .../logs} and the WebSocket's "send logs". */
public final class ConsoleHistory {
    private final int capacity;
    private final ArrayDeque<String> lines;

    public ConsoleHistory(int capacity) {
        this.capacity = Math.max(1, capacity);
        this.lines = new ArrayDeque<>(this.capacity);
    }

    public synchronized void add(String line) {
        if (lines.size() == capacity) {
            lines.pollFirst();
        }
        lines.addLast(line);
    }

    public synchronized void addAll(List<String> older) {
        older.forEach(this::add);
    }

    /** The newest {@code count} lines, oldest first. */
    public synchronized List<String> last(int count) {
        List<String> all = new ArrayList<>(lines);
        return List.copyOf(all.subList(Math.max(0, all.size() - count), all.size()));
    }

    public synchronized void clear() {
        lines.clear();
    }
}
