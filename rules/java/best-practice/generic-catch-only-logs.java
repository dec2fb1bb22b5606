package com.example.billing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public class InvoiceService {

    private static final Logger log = LoggerFactory.getLogger(InvoiceService.class);
    private final InvoiceRepository repository;
    private final ExecutorService executor;

    public InvoiceService(InvoiceRepository repository, ExecutorService executor) {
        this.repository = repository;
        this.executor = executor;
    }

    public void save(Invoice invoice) {
        try {
            repository.save(invoice);
        // ruleid: generic-catch-only-logs
        } catch (Exception e) {
            log.error("could not save invoice {}", invoice.id(), e);
        }
    }

    public Invoice load(long id) {
        try {
            return repository.find(id);
        // ruleid: generic-catch-only-logs
        } catch (RuntimeException ex) {
            log.warn("lookup failed", ex);
            return null;
        }
    }

    public boolean send(Invoice invoice) {
        try {
            repository.send(invoice);
            return true;
        // ruleid: generic-catch-only-logs
        } catch (Throwable t) {
            System.err.println("send failed: " + t);
            t.printStackTrace();
            return false;
        }
    }

    public void archive(Invoice invoice) {
        try {
            repository.archive(invoice);
        // ruleid: generic-catch-only-logs
        } catch (IOException | java.lang.RuntimeException e) {
            log.info("archive failed: {}", e.getMessage());
        }
    }

    public void saveSpecific(Invoice invoice) {
        try {
            repository.archive(invoice);
        // ok: generic-catch-only-logs
        } catch (IOException e) {
            log.error("could not archive invoice {}", invoice.id(), e);
        }
    }

    public void saveAndRethrow(Invoice invoice) {
        try {
            repository.save(invoice);
        // ok: generic-catch-only-logs
        } catch (Exception e) {
            log.error("could not save invoice {}", invoice.id(), e);
            throw new IllegalStateException("save failed", e);
        }
    }

    public Invoice loadWithFallback(long id) {
        try {
            return repository.find(id);
        // ok: generic-catch-only-logs
        } catch (Exception e) {
            log.warn("lookup failed, using cache", e);
            return repository.cached(id);
        }
    }

    public List<Invoice> loadAll(List<Long> ids) {
        List<Invoice> out = new ArrayList<>();
        for (long id : ids) {
            try {
                out.add(repository.find(id));
            // ok: generic-catch-only-logs
            } catch (Exception e) {
                log.warn("skipping invoice {}", id, e);
                continue;
            }
        }
        return out;
    }

    public void saveCounting(Invoice invoice) {
        try {
            repository.save(invoice);
        // ok: generic-catch-only-logs
        } catch (Exception e) {
            log.error("save failed", e);
            repository.markFailed(invoice);
        }
    }

    public void submit(Invoice invoice) {
        executor.submit(() -> {
            try {
                repository.save(invoice);
            // ok: generic-catch-only-logs
            } catch (Exception e) {
                log.error("background save failed", e);
            }
        });
    }

    public void close() {
        try {
            repository.close();
        // ok: generic-catch-only-logs
        } catch (Exception e) {
            log.warn("close failed", e);
        }
    }

    public void flush() {
        try {
            repository.flush();
        // todook: generic-catch-only-logs
        } catch (Exception e) {
            log.debug("flush is best effort", e);
        }
    }

    interface Invoice {
        long id();
    }

    interface InvoiceRepository extends AutoCloseable {
        void save(Invoice i);
        Invoice find(long id);
        Invoice cached(long id);
        void send(Invoice i);
        void archive(Invoice i) throws IOException;
        void markFailed(Invoice i);
        void flush();
    }
}
