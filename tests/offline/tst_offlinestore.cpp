#include "common/crypto.h"
#include "offline/offlinestore.h"

#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <cstdio>

using namespace kete;
using namespace kete::offline;

namespace {

const QString kProvider = QStringLiteral("3f1c9e0a-provider");

// What a real record holds: a name, an MRN, a LOINC code, a value, a patient id.
StoredResource observation(int i)
{
    return {QStringLiteral("Observation"), QStringLiteral("obs-%1").arg(i),
            QStringLiteral("{\"resourceType\":\"Observation\",\"subject\":{\"reference\":"
                           "\"Patient/amy-shaw-1975\",\"display\":\"Amy Shaw\"},\"code\":{"
                           "\"coding\":[{\"code\":\"4548-4\"}]},\"identifier\":\"MRN-55501\","
                           "\"valueQuantity\":{\"value\":%1.25}}")
                .arg(40 + i)
                .toUtf8()};
}

QList<StoredResource> observations(int from, int count)
{
    QList<StoredResource> out;
    for (int i = from; i < from + count; ++i)
        out.append(observation(i));
    return out;
}

std::unique_ptr<OfflineStore> openOrFail(const QString &path, const QByteArray &key,
                                         const QString &provider = kProvider)
{
    auto opened = OfflineStore::open(path, provider, key);
    if (!opened)
        qWarning() << opened.error().detail;
    return opened ? std::move(opened.value()) : nullptr;
}

// The child process of killedMidWriteLosesNothingCommitted: one batch, then batches until it
// is killed.
int writeUntilKilled(const QString &path, const QByteArray &key)
{
    auto store = openOrFail(path, key);
    if (!store || !store->put(observations(0, 1000)))
        return 1;
    std::fputs("committed\n", stdout);
    std::fflush(stdout);
    for (int batch = 1;; ++batch) {
        if (!store->put(observations(batch * 1000, 1000)))
            return 2;
    }
}

} // namespace

// The encrypted offline copy of a record, on a real SQLite file.
class TestOfflineStore : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    const QByteArray m_key = crypto::randomBytes(crypto::kAeadKeyBytes);
    int m_files = 0;

    QString newPath() { return m_dir.filePath(QStringLiteral("copy%1.kete").arg(++m_files)); }

    QString filledCopy(int count)
    {
        const QString path = newPath();
        auto store = openOrFail(path, m_key);
        [&] {
            QVERIFY(store);
            QVERIFY(store->put(observations(0, count)));
            QVERIFY(store->setValue(QStringLiteral("lastSync"), "2026-12-03T09:14:00Z"));
        }();
        return path;
    }

    static QByteArray fileBytes(const QString &path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

    static void writeBytes(const QString &path, const QByteArray &bytes)
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        QCOMPARE(file.write(bytes), bytes.size());
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void putReplaceRemoveAndReopen()
    {
        const QString path = newPath();
        {
            auto store = openOrFail(path, m_key);
            QVERIFY(store);
            QVERIFY(store->put(observations(0, 3)));
            StoredResource amended = observation(1);
            amended.content = "amended";
            QVERIFY(store->put({amended}));
            QVERIFY(store->remove(QStringLiteral("Observation"), {QStringLiteral("obs-0")}));
            QVERIFY(store->setValue(QStringLiteral("lastSync"), "2026-12-03T09:14:00Z"));
            QCOMPARE(store->count(), 2);
        }
        auto reopened = openOrFail(path, m_key);
        QVERIFY(reopened);
        auto all = reopened->readAll();
        QVERIFY(all);
        QList<StoredResource> resources = all.value();
        std::sort(resources.begin(), resources.end(),
                  [](const auto &a, const auto &b) { return a.id < b.id; });
        QCOMPARE(resources.size(), 2);
        QCOMPARE(resources.at(0).id, QStringLiteral("obs-1"));
        QCOMPARE(resources.at(0).content, QByteArray("amended"));
        QCOMPARE(resources.at(1), observation(2));
        const auto lastSync = reopened->value(QStringLiteral("lastSync"));
        QVERIFY(lastSync);
        QCOMPARE(lastSync.value(), std::optional(QByteArray("2026-12-03T09:14:00Z")));
        QCOMPARE(reopened->value(QStringLiteral("never set")).value(), std::nullopt);
    }

    void nothingReadableOnDisk()
    {
        const QString path = filledCopy(200);
        QCOMPARE(QFile::permissions(path) & ~(QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                              QFileDevice::ReadUser | QFileDevice::WriteUser),
                 QFileDevice::Permissions());
        const QByteArray bytes = fileBytes(path);
        QVERIFY(bytes.size() > 200 * 100);
        for (const QByteArray &clear :
             {QByteArray("Amy Shaw"), QByteArray("amy-shaw-1975"), QByteArray("MRN-55501"),
              QByteArray("4548-4"), QByteArray("41.25"), QByteArray("Observation"),
              QByteArray("obs-1"), QByteArray("lastSync"), QByteArray("2026-12-03"),
              kProvider.toUtf8()}) {
            QVERIFY2(!bytes.contains(clear), clear.constData());
            QVERIFY2(!bytes.contains(clear.toUpper()), clear.constData());
        }
        const QString name = OfflineStore::fileNameFor(m_key);
        QVERIFY(name.endsWith(QLatin1String(".kete")));
        QCOMPARE(name, OfflineStore::fileNameFor(m_key));
        QVERIFY(name != OfflineStore::fileNameFor(crypto::randomBytes(32)));
    }

    void anotherKeyOrProviderCannotRead()
    {
        const QString path = filledCopy(10);
        const auto otherKey = OfflineStore::open(path, kProvider, crypto::randomBytes(32));
        QVERIFY(!otherKey);
        QCOMPARE(otherKey.error().code, ErrorCode::OfflineCopyLocked);
        // The rows are bound to the provider they came from.
        const auto otherProvider = OfflineStore::open(path, QStringLiteral("another"), m_key);
        QVERIFY(!otherProvider);
        QCOMPARE(otherProvider.error().code, ErrorCode::OfflineCopyLocked);
        QVERIFY(openOrFail(path, m_key));
    }

    // Every 11th byte of the file changed in turn: what opens is either all of the record as it
    // was (the byte was unused space) or an error that says the copy is damaged or locked.
    void changedBytesAreDetected()
    {
        const QString original = filledCopy(40);
        const QByteArray bytes = fileBytes(original);
        auto reference = openOrFail(original, m_key);
        QVERIFY(reference);
        const QList<StoredResource> expected = reference->readAll().value();
        reference.reset();
        const QString path = newPath();
        int detected = 0;
        for (qsizetype i = 0; i < bytes.size(); i += 11) {
            QByteArray changed = bytes;
            changed[i] = char(changed[i] ^ 0x20);
            writeBytes(path, changed);
            auto opened = OfflineStore::open(path, kProvider, m_key);
            if (!opened) {
                QVERIFY2(opened.error().code == ErrorCode::OfflineCopyDamaged ||
                             opened.error().code == ErrorCode::OfflineCopyLocked,
                         qPrintable(opened.error().detail));
                QVERIFY(!opened.error().message.isEmpty());
                ++detected;
                continue;
            }
            const auto all = opened.value()->readAll();
            if (!all) {
                QCOMPARE(all.error().code, ErrorCode::OfflineCopyDamaged);
                ++detected;
                continue;
            }
            QCOMPARE(all.value(), expected);
        }
        QVERIFY2(detected > bytes.size() / 11 / 4, qPrintable(QString::number(detected)));
    }

    void truncatedFileIsDetected()
    {
        const QString original = filledCopy(200);
        const QByteArray bytes = fileBytes(original);
        for (const qsizetype length : {bytes.size() / 2, bytes.size() - 4096, qsizetype(4096)}) {
            const QString path = newPath();
            writeBytes(path, bytes.left(length));
            auto opened = OfflineStore::open(path, kProvider, m_key);
            if (opened) {
                const auto all = opened.value()->readAll();
                QVERIFY2(!all, qPrintable(QString::number(length)));
                QCOMPARE(all.error().code, ErrorCode::OfflineCopyDamaged);
            } else {
                QCOMPARE(opened.error().code, ErrorCode::OfflineCopyDamaged);
            }
        }
    }

    // A process killed while it writes: every batch it finished is there, none half.
    void killedMidWriteLosesNothingCommitted()
    {
        const QString path = newPath();
        QProcess writer;
        writer.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        QByteArray said;
        connect(&writer, &QProcess::readyReadStandardOutput, this,
                [&] { said += writer.readAllStandardOutput(); });
        writer.start(
            QCoreApplication::applicationFilePath(),
            {QStringLiteral("--write-until-killed"), path, QString::fromLatin1(m_key.toHex())});
        QVERIFY(writer.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(said.contains("committed"), 20000);
        QTest::qWait(300);
        writer.kill();
        QVERIFY(writer.waitForFinished());

        auto store = openOrFail(path, m_key);
        QVERIFY(store);
        const auto all = store->readAll();
        QVERIFY2(all, all ? "" : qPrintable(all.error().detail));
        QVERIFY(all.value().size() >= 1000);
        QCOMPARE(all.value().size() % 1000, 0);
        QVERIFY(all.value().contains(observation(999)));
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = app.arguments();
    if (arguments.size() == 4 && arguments.at(1) == QLatin1String("--write-until-killed"))
        return writeUntilKilled(arguments.at(2), QByteArray::fromHex(arguments.at(3).toLatin1()));
    TestOfflineStore test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_offlinestore.moc"
