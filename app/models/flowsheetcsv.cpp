#include "models/flowsheetcsv.h"

#include "models/csvexport.h"
#include "models/flowsheetmodel.h"
#include "models/labcsv.h"

#include <QCoreApplication>
#include <QLocale>
#include <QStringList>

namespace kete::models {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("kete::models", text);
}

QString line(const QStringList &fields)
{
    QStringList escaped;
    escaped.reserve(fields.size());
    for (const QString &field : fields)
        escaped << csvField(field);
    return escaped.join(QLatin1Char(',')) + QStringLiteral("\r\n");
}

} // namespace

QString flowsheetCsv(const FlowsheetModel &model)
{
    QStringList header{tr("Test"), tr("LOINC"), tr("Unit"), tr("Normal range")};
    for (int column = 0; column < model.columnCount(); ++column)
        header << isoDateTime(model.drawTime(column));
    QString csv = line(header);
    const QLocale c = QLocale::c();
    for (int row = 0; row < model.rowCount(); ++row) {
        QStringList fields{model.testName(row), model.loincCode(row),
                           model.unitText(row, fhir::UnitStyle::AsSent), model.rangeText(row)};
        for (int column = 0; column < model.columnCount(); ++column) {
            const fhir::Observation *result = model.result(row, column);
            if (!result) {
                fields << QString();
                continue;
            }
            QString cell = FlowsheetModel::valueText(*result, c);
            if (const QString flag = model.interpretation(row, column).flagCode(); !flag.isEmpty())
                cell += QLatin1Char(' ') + flag;
            fields << cell;
        }
        csv += line(fields);
    }
    return csv;
}

} // namespace kete::models
