#include "common/crypto.h"
#include "storage/secretstore.h"
#include "support/problemof.h"

#include <QSignalSpy>
#include <QTest>

using namespace kete;

// Runs against the real OS keychain (gnome-keyring under dbus-run-session in CI). When
// KETE_REQUIRE_KEYCHAIN is set, a missing keychain fails the test instead of skipping it.
class TestSecretStore : public QObject
{
    Q_OBJECT

private:
    SecretStore m_store{QStringLiteral("org.kete.Kete.tests")};
    const QString m_key =
        QStringLiteral("roundtrip-") + QString::fromLatin1(crypto::randomToken(8));

    std::optional<Error> write(const QByteArray &value)
    {
        std::optional<std::optional<Error>> outcome;
        m_store.write(m_key, value,
                      [&](const Result<void> &done) { outcome = test::problemOf(done); });
        [&] { QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 15000); }();
        return outcome.value_or(Error{QStringLiteral("timeout"), {}});
    }

    std::optional<Result<std::optional<QByteArray>>> read()
    {
        std::optional<Result<std::optional<QByteArray>>> outcome;
        m_store.read(m_key, [&](Result<std::optional<QByteArray>> result) { outcome = result; });
        [&] { QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 15000); }();
        return outcome;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const auto probe = write("probe");
        if (probe) {
            if (qEnvironmentVariableIsSet("KETE_REQUIRE_KEYCHAIN"))
                QFAIL(qPrintable(QStringLiteral("keychain unavailable: ") + probe->detail));
            QSKIP("No OS keychain in this session (run through packaging/dev.sh test)");
        }
    }

    void writeReadDelete()
    {
        const QByteArray secret = crypto::randomToken(48);
        QVERIFY(!write(secret));

        const auto stored = read();
        QVERIFY(stored && stored->ok());
        QCOMPARE(stored->value().value_or(QByteArray()), secret);

        std::optional<std::optional<Error>> removed;
        m_store.remove(m_key, [&](const Result<void> &done) { removed = test::problemOf(done); });
        QTRY_VERIFY_WITH_TIMEOUT(removed.has_value(), 15000);
        QVERIFY(!removed->has_value());

        const auto gone = read();
        QVERIFY(gone && gone->ok());
        QVERIFY(!gone->value().has_value());
    }

    void missingEntryIsAbsentNotAnError()
    {
        SecretStore store(QStringLiteral("org.kete.Kete.tests"));
        std::optional<Result<std::optional<QByteArray>>> outcome;
        store.read(QStringLiteral("never-written-") + QString::fromLatin1(crypto::randomToken(8)),
                   [&](Result<std::optional<QByteArray>> result) { outcome = result; });
        QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 15000);
        QVERIFY(outcome->ok());
        QVERIFY(!outcome->value().has_value());
    }
};

QTEST_GUILESS_MAIN(TestSecretStore)
#include "tst_secretstore.moc"
