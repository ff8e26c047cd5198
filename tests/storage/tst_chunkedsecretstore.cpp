#include "common/crypto.h"
#include "storage/chunkedsecretstore.h"
#include "storage/secretstore.h"
#include "support/problemof.h"

#include <QTest>

using namespace kete;

// Round-trips through the real OS keychain (gnome-keyring under dbus-run-session in CI). When
// KETE_REQUIRE_KEYCHAIN is set, a missing keychain fails the test instead of skipping it.
class TestChunkedSecretStore : public QObject
{
    Q_OBJECT

private:
    const QString m_service = QStringLiteral("org.kete.Kete.tests");
    ChunkedSecretStore m_store{m_service};
    SecretStore m_raw{m_service};
    const QString m_key = QStringLiteral("chunked-") + QString::fromLatin1(crypto::randomToken(8));

    std::optional<Error> write(const QString &key, const QByteArray &value)
    {
        std::optional<std::optional<Error>> outcome;
        m_store.write(key, value,
                      [&](const Result<void> &done) { outcome = test::problemOf(done); });
        [&] { QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 20000); }();
        return outcome.value_or(Error{QStringLiteral("timeout"), QStringLiteral("timeout")});
    }
    Result<std::optional<QByteArray>> read(const QString &key)
    {
        std::optional<Result<std::optional<QByteArray>>> outcome;
        m_store.read(key, [&](Result<std::optional<QByteArray>> result) { outcome = result; });
        [&] { QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 20000); }();
        return outcome.value_or(Error{QStringLiteral("timeout"), QStringLiteral("timeout")});
    }
    // What is in one raw keychain entry (to see the chunks themselves).
    std::optional<QByteArray> rawEntry(const QString &key)
    {
        std::optional<Result<std::optional<QByteArray>>> outcome;
        m_raw.read(key, [&](Result<std::optional<QByteArray>> result) { outcome = result; });
        [&] { QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 20000); }();
        return outcome && outcome->ok() ? outcome->value() : std::nullopt;
    }
    std::optional<Error> remove(const QString &key)
    {
        std::optional<std::optional<Error>> outcome;
        m_store.remove(key, [&](const Result<void> &done) { outcome = test::problemOf(done); });
        [&] { QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 20000); }();
        return outcome.value_or(Error{QStringLiteral("timeout"), QStringLiteral("timeout")});
    }

private Q_SLOTS:
    void splitting_data()
    {
        QTest::addColumn<int>("size");
        QTest::addColumn<int>("chunks");
        QTest::newRow("empty") << 0 << 1;
        QTest::newRow("small") << 100 << 1;
        QTest::newRow("just fits") << int(ChunkedSecretStore::chunkSize - 15) << 1;
        QTest::newRow("one byte over") << int(ChunkedSecretStore::chunkSize - 14) << 2;
        QTest::newRow("5000") << 5000 << 3;
        QTest::newRow("largest") << int(ChunkedSecretStore::maxSecretSize) << 15;
    }
    void splitting()
    {
        QFETCH(int, size);
        QFETCH(int, chunks);
        const QByteArray secret = crypto::randomBytes(size);
        const QList<QByteArray> parts = ChunkedSecretStore::split(secret);
        QCOMPARE(parts.size(), chunks);
        QByteArray joined;
        for (const QByteArray &part : parts) {
            QVERIFY(part.size() <= ChunkedSecretStore::chunkSize); // Credential Manager's limit
            joined += part;
        }
        QVERIFY(joined.endsWith(secret));
    }

    void initTestCase()
    {
        const auto probe = write(m_key + QStringLiteral("-probe"), "probe");
        if (probe) {
            if (qEnvironmentVariableIsSet("KETE_REQUIRE_KEYCHAIN"))
                QFAIL(qPrintable(QStringLiteral("keychain unavailable: ") + probe->detail));
            QSKIP("No OS keychain in this session (run through packaging/dev.sh test)");
        }
        QVERIFY(!remove(m_key + QStringLiteral("-probe")));
    }

    void largeValueRoundTrip()
    {
        const QByteArray secret = crypto::randomBytes(5000); // binary, > 2048 bytes
        QVERIFY(!write(m_key, secret));
        const auto stored = read(m_key);
        QVERIFY(stored.ok());
        QCOMPARE(stored.value().value_or(QByteArray()), secret);

        // Really chunked: three entries, none over the limit, a fourth absent.
        for (const QString &key : ChunkedSecretStore::entryKeys(m_key, 3)) {
            const auto entry = rawEntry(key);
            QVERIFY2(entry.has_value(), qPrintable(key));
            QVERIFY(entry->size() <= ChunkedSecretStore::chunkSize);
        }
        QVERIFY(!rawEntry(m_key + QStringLiteral(".3")).has_value());

        // Shrinking removes the chunks the old value left behind.
        QVERIFY(!write(m_key, "short"));
        QCOMPARE(read(m_key).value().value_or(QByteArray()), QByteArray("short"));
        QVERIFY(!rawEntry(m_key + QStringLiteral(".1")).has_value());

        QVERIFY(!write(m_key, secret));
        QVERIFY(!remove(m_key));
        const auto gone = read(m_key);
        QVERIFY(gone.ok());
        QVERIFY(!gone.value().has_value());
        for (const QString &key : ChunkedSecretStore::entryKeys(m_key, 3))
            QVERIFY(!rawEntry(key).has_value());
    }

    // Quitting right after a write: the process waits for every chunk (one written after the
    // other) rather than leaving the keychain with the value before.
    void quittingWaitsForEveryChunk()
    {
        QVERIFY(!write(m_key, "before"));
        const QByteArray secret = crypto::randomBytes(5000);
        std::optional<std::optional<Error>> outcome;
        m_store.write(m_key, secret,
                      [&](const Result<void> &done) { outcome = test::problemOf(done); });
        QVERIFY(SecretStore::finishChanges(std::chrono::seconds(20)));
        QVERIFY(outcome.has_value());
        QVERIFY(!outcome->has_value());
        QCOMPARE(read(m_key).value().value_or(QByteArray()), secret);
        QVERIFY(SecretStore::finishChanges(std::chrono::seconds(0))); // nothing left
        QVERIFY(!remove(m_key));
    }

    void tooLargeIsRefused()
    {
        const auto error = write(m_key, QByteArray(ChunkedSecretStore::maxSecretSize + 1, 'x'));
        QVERIFY(error.has_value());
        QVERIFY(error->detail.startsWith(QLatin1String("keychain.too-large")));
        QVERIFY(!read(m_key).value().has_value());
    }

    void missingChunkIsAnErrorNotAWrongValue()
    {
        QVERIFY(!write(m_key, crypto::randomBytes(3000)));
        std::optional<std::optional<Error>> removed;
        m_raw.remove(m_key + QStringLiteral(".1"),
                     [&](const Result<void> &e) { removed = test::problemOf(e); });
        QTRY_VERIFY_WITH_TIMEOUT(removed.has_value(), 20000);
        const auto damaged = read(m_key);
        QVERIFY(!damaged.ok());
        QCOMPARE(damaged.error().detail, QStringLiteral("keychain.chunks-corrupt"));
        QVERIFY(!remove(m_key));
    }
};

QTEST_GUILESS_MAIN(TestChunkedSecretStore)
#include "tst_chunkedsecretstore.moc"
