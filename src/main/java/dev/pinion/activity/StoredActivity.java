package dev.pinion.activity;

/** An entry as it sits in the store: its row id and how many shipping attempts have failed so far. */
public record StoredActivity(long id, ActivityEntry entry, int attempts) {}
