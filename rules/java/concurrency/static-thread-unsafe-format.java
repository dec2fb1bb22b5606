package com.example.format;

import java.text.DateFormat;
import java.text.DecimalFormat;
import java.text.NumberFormat;
import java.text.SimpleDateFormat;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Locale;

public class Formats {

    // ruleid: static-thread-unsafe-format
    private static final SimpleDateFormat ISO = new SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss");

    // ruleid: static-thread-unsafe-format
    public static DateFormat SHORT = DateFormat.getDateInstance(DateFormat.SHORT, Locale.US);

    @Deprecated
    // ruleid: static-thread-unsafe-format
    static final java.text.DecimalFormat MONEY = new DecimalFormat("#,##0.00");

    // ruleid: static-thread-unsafe-format
    private static final NumberFormat PERCENT = NumberFormat.getPercentInstance(), PLAIN = NumberFormat.getInstance();

    // ok: static-thread-unsafe-format
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd");

    // ok: static-thread-unsafe-format
    private static final ThreadLocal<SimpleDateFormat> PER_THREAD =
            ThreadLocal.withInitial(() -> new SimpleDateFormat("yyyy-MM-dd"));

    // ok: static-thread-unsafe-format
    private final SimpleDateFormat perInstance = new SimpleDateFormat("HH:mm");

    public static String iso(Date d) {
        return ISO.format(d);
    }

    public String local(Date d) {
        // ok: static-thread-unsafe-format
        SimpleDateFormat f = new SimpleDateFormat("yyyy");
        return f.format(d) + perInstance.format(d) + PER_THREAD.get().format(d) + DATE.toString();
    }

    static class Guarded {
        // todook: static-thread-unsafe-format
        private static final SimpleDateFormat FMT = new SimpleDateFormat("yyyy");

        static synchronized String format(Date d) {
            return FMT.format(d);
        }
    }
}
