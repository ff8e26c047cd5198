#include "common/crypto.h"
#include "offline/offlinestore.h"

#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace kete;
using namespace kete::offline;

// A process killed in the middle of a sync loses nothing already stored: the copy it leaves
// opens, whole, as the last sync that committed (or the one it was finishing), never a mix.
class TestOfflineKilledSync : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void killedWriterLeavesOneWholeGeneration()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("copy.db"));
        const QString provider = QStringLiteral("provider-1");
        const QByteArray key = crypto::randomBytes(crypto::kAeadKeyBytes);
        constexpr int kResources = 1500;
        int committed = 0;
        for (int kill = 0; kill < 4; ++kill) {
            QProcess writer;
            writer.start(
                QStringLiteral(KETE_OFFLINE_WRITER),
                {path, provider, QString::fromLatin1(key.toHex()), QString::number(kResources)});
            QVERIFY(writer.waitForStarted());
            int printed = 0;
            const int killAfter = 1 + int(QRandomGenerator::global()->bounded(3));
            QVERIFY(QTest::qWaitFor(
                [&] {
                    while (writer.canReadLine()) {
                        const QByteArray line = writer.readLine().trimmed();
                        printed = line.mid(line.indexOf(' ') + 1).toInt();
                    }
                    return printed >= killAfter || writer.state() == QProcess::NotRunning;
                },
                60000));
            QCOMPARE(writer.state(), QProcess::Running);
            // Somewhere in the next transaction.
            QTest::qWait(int(QRandomGenerator::global()->bounded(40)));
            writer.kill();
            QVERIFY(writer.waitForFinished());
            committed = printed;

            auto store = OfflineStore::open(path, provider, key);
            QVERIFY2(store, qPrintable(store ? QString() : store.error().detail));
            const auto resources = store.value()->readAll();
            QVERIFY2(resources, qPrintable(resources ? QString() : resources.error().detail));
            QCOMPARE(resources->size(), kResources);
            const auto generation = store.value()->value(QStringLiteral("generation"));
            QVERIFY(generation && generation.value());
            const int kept = generation.value()->toInt();
            // Killed after printing N: N is kept, or N + 1 had committed before the kill.
            QVERIFY2(kept == committed || kept == committed + 1,
                     qPrintable(QStringLiteral("kept %1, printed %2").arg(kept).arg(committed)));
            const QByteArray prefix = QByteArray::number(kept) + ':';
            for (const StoredResource &resource : resources.value())
                QVERIFY(resource.content.startsWith(prefix));
        }
    }
};

QTEST_GUILESS_MAIN(TestOfflineKilledSync)
#include "tst_offlinekilledsync.moc"
