#include "models/csvexport.h"
#include "models/labtestsmodel.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QTest>

using namespace kete;
using namespace kete::models;

namespace {

QStandardItemModel *tableOf(const QStringList &header, const QList<QStringList> &rows,
                            QObject *parent)
{
    auto *model = new QStandardItemModel(int(rows.size()), int(header.size()), parent);
    model->setHorizontalHeaderLabels(header);
    for (int row = 0; row < rows.size(); ++row)
        for (int column = 0; column < header.size(); ++column)
            model->setItem(row, column, new QStandardItem(rows.at(row).at(column)));
    return model;
}

fhir::Observation glucose(const QString &id, double value, const QString &date)
{
    const QJsonObject o{
        {QStringLiteral("resourceType"), QStringLiteral("Observation")},
        {QStringLiteral("id"), id},
        {QStringLiteral("status"), QStringLiteral("final")},
        {QStringLiteral("code"),
         QJsonObject{
             {QStringLiteral("coding"),
              QJsonArray{QJsonObject{{QStringLiteral("system"), QStringLiteral("http://loinc.org")},
                                     {QStringLiteral("code"), QStringLiteral("2345-7")}}}},
             {QStringLiteral("text"), QStringLiteral("Glucose, \"fasting\"")}}},
        {QStringLiteral("effectiveDateTime"), date},
        {QStringLiteral("valueQuantity"),
         QJsonObject{{QStringLiteral("value"), value},
                     {QStringLiteral("unit"), QStringLiteral("mmol/L")},
                     {QStringLiteral("system"), QStringLiteral("http://unitsofmeasure.org")},
                     {QStringLiteral("code"), QStringLiteral("mmol/L")}}},
    };
    return fhir::parseObservation(o).value();
}

} // namespace

class TestCsvExport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }

    void fields_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("field");
        QTest::newRow("plain") << QStringLiteral("Glucose") << QStringLiteral("Glucose");
        QTest::newRow("empty") << QString() << QString();
        QTest::newRow("comma") << QStringLiteral("12–15, adult")
                               << QStringLiteral("\"12–15, adult\"");
        QTest::newRow("quote") << QStringLiteral("say \"hi\"")
                               << QStringLiteral("\"say \"\"hi\"\"\"");
        QTest::newRow("newline") << QStringLiteral("line 1\nline 2")
                                 << QStringLiteral("\"line 1\nline 2\"");
        QTest::newRow("cr") << QStringLiteral("a\rb") << QStringLiteral("\"a\rb\"");
        QTest::newRow("formula =")
            << QStringLiteral("=HYPERLINK(\"x\")") << QStringLiteral("\"'=HYPERLINK(\"\"x\"\")\"");
        QTest::newRow("formula +") << QStringLiteral("+1+2") << QStringLiteral("'+1+2");
        QTest::newRow("formula -") << QStringLiteral("-cmd") << QStringLiteral("'-cmd");
        QTest::newRow("formula @") << QStringLiteral("@SUM(A1)") << QStringLiteral("'@SUM(A1)");
        QTest::newRow("formula tab") << QStringLiteral("\tx") << QStringLiteral("'\tx");
        QTest::newRow("negative number") << QStringLiteral("-3.2") << QStringLiteral("-3.2");
        QTest::newRow("positive sign") << QStringLiteral("+7") << QStringLiteral("+7");
        QTest::newRow("minus then unit")
            << QStringLiteral("-3.2 mmol/L") << QStringLiteral("'-3.2 mmol/L");
        QTest::newRow("censored") << QStringLiteral("< 0.01 mg/L") << QStringLiteral("< 0.01 mg/L");
    }

    void fields()
    {
        QFETCH(QString, text);
        QFETCH(QString, field);
        QCOMPARE(csvField(text), field);
    }

    void headerThenRowsWithCrLf()
    {
        auto *model = tableOf({QStringLiteral("Test"), QStringLiteral("Note")},
                              {{QStringLiteral("Sodium"), QStringLiteral("ok")},
                               {QStringLiteral("A, B"), QStringLiteral("=1+1")}},
                              this);
        QCOMPARE(toCsv(*model), QStringLiteral("Test,Note\r\nSodium,ok\r\n\"A, B\",'=1+1\r\n"));
    }

    void emptyModelGivesHeaderOnly()
    {
        LabTestsModel model;
        const QString csv = toCsv(model);
        QCOMPARE(csv,
                 QStringLiteral("Test,Latest result,Normal range,Flag,Date,Results,Panel\r\n"));
    }

    void labTestsModelRows()
    {
        LabTestsModel model;
        model.addObservations({glucose(QStringLiteral("g1"), 5.5, QStringLiteral("2021-03-05")),
                               glucose(QStringLiteral("g2"), 6.1, QStringLiteral("2022-03-05"))});
        const QStringList lines = toCsv(model).split(QStringLiteral("\r\n"));
        QCOMPARE(lines.size(), 3); // header, one test, and the empty rest after the last CRLF
        // The range column says when the lab sent none, in the export as on screen.
        QCOMPARE(lines.at(1),
                 QStringLiteral("\"Glucose, \"\"fasting\"\"\",6.1 mmol/L,no range from the lab,,") +
                     model.index(0, LabTestsModel::DateColumn).data().toString() +
                     QStringLiteral(",2,"));
        QCOMPARE(lines.at(2), QString());
    }

    void writesUtf8WithBomAtomically()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("labs.csv"));
        const QString csv = QStringLiteral("Test,Range\r\nHb,12–15.5 g/dL µ\r\n");
        const auto written = writeCsvFile(path, csv);
        QVERIFY(written.ok());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY(bytes.startsWith("\xEF\xBB\xBF"));
        QCOMPARE(QString::fromUtf8(bytes.mid(3)), csv);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("labs.csv")});
    }

    void unwritablePathIsAnError()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("no/such/folder/labs.csv"));
        const auto written = writeCsvFile(path, QStringLiteral("a\r\n"));
        QVERIFY(!written.ok());
        QVERIFY(written.error().message.contains(QStringLiteral("labs.csv")));
        QVERIFY(!written.error().detail.isEmpty());
        QVERIFY(!QFile::exists(path));
    }
};

QTEST_GUILESS_MAIN(TestCsvExport)
#include "tst_csvexport.moc"
