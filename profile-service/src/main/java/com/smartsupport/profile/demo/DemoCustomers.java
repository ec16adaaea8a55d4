package com.smartsupport.profile.demo;

import com.smartsupport.profile.customer.CustomerProfile;
import com.smartsupport.profile.customer.CustomerProfile.Account;
import com.smartsupport.profile.customer.CustomerProfile.Preferences;
import com.smartsupport.profile.customer.CustomerProfile.Purchase;
import com.smartsupport.profile.customer.CustomerProfile.Subscription;
import com.smartsupport.profile.customer.CustomerProfile.SupportCase;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Generates the demo population deterministically (fixed seed, fixed reference date): the same customers,
 * ids, orders and histories on every machine and every start. Varied on purpose: short and long purchase
 * histories (one customer has 120 orders), empty and long support histories, several languages and currencies,
 * and records with missing parts (no preferences, no subscription, no location, purchases without price or
 * specs), because real CRM data looks like that.
 */
final class DemoCustomers {
    static final LocalDate REFERENCE_DATE = LocalDate.of(2026, 11, 1);

    private record Person(String first, String last, String city, String language, String currency) {}

    private static final List<Person> PEOPLE = List.of(
            new Person("Olivia", "Bennett", "Seattle, WA, USA", "en", "USD"),
            new Person("Lucas", "Moreau", "Bordeaux, France", "fr", "EUR"),
            new Person("Sofía", "Ramírez", "Madrid, Spain", "es", "EUR"),
            new Person("Jonas", "Becker", "Hamburg, Germany", "de", "EUR"),
            new Person("Yuki", "Tanaka", "Osaka, Japan", "ja", "JPY"),
            new Person("Omar", "Khalil", "Amman, Jordan", "ar", "USD"),
            new Person("Beatriz", "Costa", "Porto, Portugal", "pt", "EUR"),
            new Person("Liam", "O'Connor", "Dublin, Ireland", "en", "EUR"),
            new Person("Chloé", "Lefèvre", "Montréal, Canada", "fr", "CAD"),
            new Person("Mateo", "Fernández", "Buenos Aires, Argentina", "es", "USD"),
            new Person("Hannah", "Schmidt", "Vienna, Austria", "de", "EUR"),
            new Person("Aarav", "Sharma", "Pune, India", "en", "USD"),
            new Person("Giulia", "Rossi", "Bologna, Italy", "it", "EUR"),
            new Person("Noah", "Williams", "Leeds, UK", "en", "GBP"),
            new Person("Fatima", "Zahra", "Casablanca, Morocco", "fr", "EUR"),
            new Person("Ethan", "Nguyen", "Houston, TX, USA", "en", "USD"),
            new Person("Ingrid", "Larsen", "Bergen, Norway", "en", "EUR"),
            new Person("Diego", "Santos", "São Paulo, Brazil", "pt", "USD"),
            new Person("Emma", "Dubois", "Lille, France", "fr", "EUR"),
            new Person("Kenji", "Watanabe", "Sapporo, Japan", "ja", "JPY"),
            new Person("Layla", "Hassan", "Dubai, UAE", "ar", "USD"),
            new Person("Max", "Müller", "Zürich, Switzerland", "de", "EUR"),
            new Person("Ava", "Johnson", "Denver, CO, USA", "en", "USD"),
            new Person("Pablo", "Gómez", "Valencia, Spain", "es", "EUR"));

    private record Product(String name, String model, BigDecimal price, Map<String, String> specs, int warrantyYears) {}

    private static final List<Product> CATALOG = List.of(
            new Product(
                    "UltraBook Pro 14",
                    "UB14-2025",
                    new BigDecimal("1899.00"),
                    specs("cpu", "8-core 3.8 GHz", "ram", "32 GB", "storage", "1 TB SSD"),
                    2),
            new Product(
                    "UltraBook Air 13",
                    "UBA13-M2",
                    new BigDecimal("1099.00"),
                    specs("cpu", "6-core 3.2 GHz", "ram", "16 GB", "storage", "512 GB SSD"),
                    2),
            new Product(
                    "SoundWave ANC Headphones",
                    "SW-ANC-700",
                    new BigDecimal("249.99"),
                    specs("battery", "40 h", "connectivity", "Bluetooth 5.3"),
                    1),
            new Product(
                    "SoundWave Buds",
                    "SW-BUDS-2",
                    new BigDecimal("129.00"),
                    specs("battery", "8 h + 24 h case", "water resistance", "IPX4"),
                    1),
            new Product(
                    "PixelView 27 Monitor",
                    "PV27-4K",
                    new BigDecimal("529.00"),
                    specs("resolution", "3840x2160", "refresh", "144 Hz"),
                    2),
            new Product(
                    "HomeHub Smart Speaker",
                    "HH-MINI-2",
                    new BigDecimal("59.00"),
                    specs("voice", "assistant built in"),
                    1),
            new Product(
                    "ErgoType Wireless Keyboard",
                    "ET-K3",
                    new BigDecimal("89.90"),
                    specs("switches", "low-profile tactile"),
                    2),
            new Product(
                    "SnapShot Mirrorless Camera",
                    "SS-M50",
                    new BigDecimal("999.00"),
                    specs("sensor", "24 MP APS-C", "video", "4K 60p"),
                    2),
            new Product(
                    "PowerCell 20K Power Bank",
                    "PC-20K",
                    new BigDecimal("49.99"),
                    specs("capacity", "20,000 mAh", "output", "65 W USB-C"),
                    1),
            new Product("StreamStick 4K", "SST-4K", new BigDecimal("39.99"), Map.of(), 1),
            new Product(
                    "FitBand 5",
                    "FB5",
                    new BigDecimal("149.00"),
                    specs("battery", "10 days", "sensors", "heart rate, SpO2"),
                    1),
            new Product("GamePad Pro Controller", "GP-PRO", new BigDecimal("69.00"), Map.of(), 1));

    private static final List<String[]> ISSUES = List.of(
            new String[] {"Device would not turn on after update", "Guided through a hard reset; working again"},
            new String[] {"Parcel marked delivered but not received", "Carrier trace opened; replacement sent"},
            new String[] {"Bluetooth pairing drops every few minutes", "Firmware updated; interference explained"},
            new String[] {"Charged twice for one order", "Duplicate charge refunded"},
            new String[] {"Wanted to change delivery address", "Address changed before dispatch"},
            new String[] {"Screen flickers at 144 Hz", "Cable replaced under warranty"},
            new String[] {"Return of unopened item", "Return label issued; refund on receipt"},
            new String[] {"Subscription renewal question", "Explained plan benefits and renewal date"},
            new String[] {"Battery drains overnight", "Background sync disabled; battery normal"},
            new String[] {"Missing accessory in box", "Accessory shipped separately"});

    private static final List<String> INTERESTS =
            List.of("laptops", "audio", "photography", "gaming", "smart home", "fitness", "monitors", "streaming");
    private static final List<String> STATUSES =
            List.of("delivered", "delivered", "delivered", "shipped", "processing", "returned", "cancelled");

    private DemoCustomers() {}

    /** Demo customers besides Carlos and Amira. Each gets a login {@code first.last@example.com}. */
    static List<CustomerProfile> generate(int count) {
        Random random = new Random(20261125L);
        List<CustomerProfile> customers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Person person = PEOPLE.get(i % PEOPLE.size());
            String suffix = i < PEOPLE.size() ? "" : Integer.toString(i / PEOPLE.size() + 1);
            String email =
                    ascii(person.first() + "." + person.last()).toLowerCase(Locale.ROOT) + suffix + "@example.com";
            String id = String.format("cus_demo%04d", i + 1);
            String accountNumber = String.format("ACC-%06d", 300001 + i);
            int purchaseCount = i == 7 ? 120 : i % 10 == 3 ? 0 : 1 + random.nextInt(i % 4 == 0 ? 12 : 4);
            List<Purchase> purchases = new ArrayList<>();
            for (int p = 0; p < purchaseCount; p++) {
                purchases.add(purchase(random, person, String.format("ORD-%d%03d", 9 + i, p), i, p));
            }
            int caseCount = i == 7 ? 15 : random.nextInt(i % 5 == 0 ? 6 : 3);
            List<CustomerProfile.SupportCase> cases = new ArrayList<>();
            for (int c = 0; c < caseCount; c++) {
                String[] issue = ISSUES.get(random.nextInt(ISSUES.size()));
                cases.add(new SupportCase(
                        String.format("CASE-%d%02d", 7000 + i, c),
                        issue[0],
                        random.nextInt(8) == 0 ? null : issue[1],
                        REFERENCE_DATE.minusDays(random.nextInt(900)),
                        random.nextInt(4) == 0 ? null : 1 + random.nextInt(5),
                        null));
            }
            Preferences preferences = i % 7 == 6
                    ? null
                    : new Preferences(
                            List.of("chat", "email", "phone", "sms").get(random.nextInt(4)),
                            List.of(
                                            INTERESTS.get(random.nextInt(INTERESTS.size())),
                                            INTERESTS.get(random.nextInt(INTERESTS.size())))
                                    .stream()
                                    .distinct()
                                    .toList(),
                            i % 6 == 0 ? List.of("read-aloud") : i % 13 == 0 ? List.of("large-text") : List.of());
            Subscription subscription = i % 9 == 8
                    ? null
                    : random.nextBoolean()
                            ? new Subscription(
                                    "TechCare Plus", "active", REFERENCE_DATE.plusDays(1 + random.nextInt(360)))
                            : new Subscription("none", "inactive", null);
            Account account = new Account(
                    person.first() + " " + person.last(),
                    email,
                    accountNumber,
                    i % 11 == 10 ? null : person.city(),
                    person.language(),
                    List.of("standard", "standard", "silver", "gold", "platinum")
                            .get(random.nextInt(5)));
            customers.add(new CustomerProfile(
                    id, account, purchases, preferences, subscription, cases, Instant.parse("2026-11-01T00:00:00Z")));
        }
        return customers;
    }

    private static Purchase purchase(Random random, Person person, String orderId, int customer, int index) {
        Product product = CATALOG.get(random.nextInt(CATALOG.size()));
        LocalDate date = REFERENCE_DATE.minusDays(random.nextInt(index == 0 ? 30 : 1000));
        String status = date.isAfter(REFERENCE_DATE.minusDays(10))
                ? (random.nextBoolean() ? "processing" : "shipped")
                : STATUSES.get(random.nextInt(3 + (random.nextInt(4) == 0 ? 4 : 0)));
        String shipping = switch (status) {
            case "processing" -> "not yet shipped";
            case "shipped" -> "in transit, expected " + date.plusDays(5);
            case "delivered" -> "delivered " + date.plusDays(3);
            case "returned" -> "returned " + date.plusDays(20);
            default -> null;
        };
        boolean sparse = (customer + index) % 8 == 5;
        BigDecimal price = sparse ? null : convert(product.price(), person.currency());
        return new Purchase(
                orderId,
                product.name(),
                product.model(),
                sparse ? null : product.specs(),
                price,
                sparse ? null : person.currency(),
                date,
                status,
                shipping,
                sparse ? null : date.plusYears(product.warrantyYears()));
    }

    private static BigDecimal convert(BigDecimal usd, String currency) {
        return switch (currency) {
            case "JPY" -> usd.multiply(new BigDecimal("150")).setScale(0, RoundingMode.HALF_UP);
            case "EUR" -> usd.multiply(new BigDecimal("0.92")).setScale(2, RoundingMode.HALF_UP);
            case "GBP" -> usd.multiply(new BigDecimal("0.79")).setScale(2, RoundingMode.HALF_UP);
            case "CAD" -> usd.multiply(new BigDecimal("1.37")).setScale(2, RoundingMode.HALF_UP);
            default -> usd;
        };
    }

    private static Map<String, String> specs(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static String ascii(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "")
                .replaceAll("[^A-Za-z.]", "");
    }
}
