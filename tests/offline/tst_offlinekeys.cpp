#include "common/crypto.h"
#include "offline/offlinekeys.h"
#include "offline/offlinestore.h"
#include "storage/chunkedsecretstore.h"
#include "support/problemof.h"

#include <QTemporaryDir>
#include <QTest>

using namespace kete;
using namespace kete::offline;

// The offline copy's data key in the real OS keychain. Skips without one, unless
// KETE_REQUIRE_KEYCHAIN is set (packaging/dev.sh test sets it).
class TestOfflineKeys : public QObject
{
    Q_OBJECT

    ChunkedSecretStore m_secrets{QStringLiteral("org.kete.Kete.tests.offlinekeys")};
    OfflineKeys m_keys{&m_secrets};
    const QString m_provider = QString::fromLatin1(crypto::randomToken(8));

    Result<QByteArray> obtain(const QString &patient)
    {
        std::optional<Result<QByteArray>> outcome;
        m_keys.obtain(m_provider, patient, [&](Result<QByteArray> key) { outcome = key; });
        [&] { QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 20000); }();
        return outcome.value_or(Error{QStringLiteral("no answer"), {}, {}});
    }

    Result<std::optional<QByteArray>> find(const QString &patient)
    {
        std::optional<Result<std::optional<QByteArray>>> outcome;
        m_keys.find(m_provider, patient,
                    [&](Result<std::optional<QByteArray>> key) { outcome = key; });
        [&] { QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 20000); }();
        return outcome.value_or(Error{QStringLiteral("no answer"), {}, {}});
    }

    std::optional<Error> remove(const QString &patient)
    {
        std::optional<std::optional<Error>> outcome;
        m_keys.remove(m_provider, patient,
                      [&](const Result<void> &done) { outcome = test::problemOf(done); });
        [&] { QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 20000); }();
        return outcome.value_or(Error{QStringLiteral("no answer"), {}, {}});
    }

private Q_SLOTS:
    void initTestCase()
    {
        const auto probe = find(QStringLiteral("probe"));
        if (!probe) {
            if (qEnvironmentVariableIsSet("KETE_REQUIRE_KEYCHAIN"))
                QFAIL(qPrintable(QStringLiteral("keychain unavailable: ") + probe.error().detail));
            QSKIP("No OS keychain in this session (run through packaging/dev.sh test)");
        }
    }

    void oneKeyPerPatientKeptInTheKeychain()
    {
        const auto first = obtain(QStringLiteral("amy"));
        QVERIFY2(first, first ? "" : qPrintable(first.error().detail));
        QCOMPARE(first.value().size(), crypto::kAeadKeyBytes);
        const auto again = obtain(QStringLiteral("amy"));
        QVERIFY(again);
        QCOMPARE(again.value(), first.value());
        const auto other = obtain(QStringLiteral("rangi"));
        QVERIFY(other);
        QVERIFY(other.value() != first.value());
        QCOMPARE(find(QStringLiteral("amy")).value(), std::optional(first.value()));
        QVERIFY(!remove(QStringLiteral("amy")));
        QVERIFY(!remove(QStringLiteral("rangi")));
        QCOMPARE(find(QStringLiteral("amy")).value(), std::nullopt);
    }

    // Forgetting the key makes a copy that survived unreadable, even with a new key.
    void deletedKeyLeavesTheCopyUnreadable()
    {
        QTemporaryDir dir;
        const auto key = obtain(QStringLiteral("amy"));
        QVERIFY(key);
        const QString path = dir.filePath(OfflineStore::fileNameFor(key.value()));
        {
            auto store = OfflineStore::open(path, m_provider, key.value());
            QVERIFY(store);
            QVERIFY(store.value()->put(
                {{QStringLiteral("Observation"), QStringLiteral("1"), "HbA1c 48"}}));
        }
        QVERIFY(!remove(QStringLiteral("amy")));
        QCOMPARE(find(QStringLiteral("amy")).value(), std::nullopt);
        const auto fresh = obtain(QStringLiteral("amy"));
        QVERIFY(fresh);
        const auto reopened = OfflineStore::open(path, m_provider, fresh.value());
        QVERIFY(!reopened);
        QCOMPARE(reopened.error().code, ErrorCode::OfflineCopyLocked);
        QVERIFY(!remove(QStringLiteral("amy")));
    }
};

QTEST_GUILESS_MAIN(TestOfflineKeys)
#include "tst_offlinekeys.moc"
