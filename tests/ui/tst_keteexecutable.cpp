#include <QProcess>
#include <QTest>

// The `kete` program itself: --version and --help answer without a display, and --help lists
// the options the README and support staff rely on.
class TestKeteExecutable : public QObject
{
    Q_OBJECT

private:
    static QString run(const QStringList &arguments)
    {
        QProcess kete;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove(QStringLiteral("DISPLAY"));
        environment.remove(QStringLiteral("QT_QPA_PLATFORM"));
        kete.setProcessEnvironment(environment);
        kete.start(QStringLiteral(KETE_EXECUTABLE), arguments);
        if (!kete.waitForFinished(20000) || kete.exitStatus() != QProcess::NormalExit ||
            kete.exitCode() != 0)
            return QStringLiteral("<failed: %1>")
                .arg(QString::fromLocal8Bit(kete.readAllStandardError()));
        return QString::fromLocal8Bit(kete.readAllStandardOutput());
    }

private Q_SLOTS:
    void versionPrintsTheVersion()
    {
        QCOMPARE(run({QStringLiteral("--version")}).trimmed(),
                 QStringLiteral("Kete ") + QStringLiteral(KETE_VERSION));
    }

    void helpNamesTheProgramAndEveryOption()
    {
        const QString help = run({QStringLiteral("--help")});
        QVERIFY2(help.startsWith(QStringLiteral("Usage: ")), qPrintable(help));
        QVERIFY2(help.contains(QStringLiteral("kete [options]")), qPrintable(help));
        for (const char *option : {"--demo", "--connect <url>", "--client-id <id>", "--clinician"})
            QVERIFY2(help.contains(QLatin1String(option)), option);
    }
};

QTEST_GUILESS_MAIN(TestKeteExecutable)
#include "tst_keteexecutable.moc"
