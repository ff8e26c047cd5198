#include "models/csvexport.h"

#include "common/atomicfile.h"

#include <QAbstractItemModel>
#include <QIODevice>
#include <QLocale>
#include <QStringList>

namespace kete::models {

namespace {

const auto kCrLf = QLatin1String("\r\n");

bool isNumber(const QString &text)
{
    bool ok = false;
    QLocale::c().toDouble(text, &ok);
    if (!ok)
        QLocale().toDouble(text, &ok);
    return ok;
}

bool looksLikeFormula(const QString &text)
{
    if (text.isEmpty())
        return false;
    const QChar first = text.front();
    const bool trigger = first == u'=' || first == u'+' || first == u'-' || first == u'@' ||
                         first == u'\t' || first == u'\r';
    return trigger && !isNumber(text);
}

QString csvLine(const QStringList &fields)
{
    QStringList escaped;
    escaped.reserve(fields.size());
    for (const QString &field : fields)
        escaped << csvField(field);
    return escaped.join(QLatin1Char(',')) + kCrLf;
}

} // namespace

QString csvField(const QString &text)
{
    QString field = looksLikeFormula(text) ? QLatin1Char('\'') + text : text;
    const bool quote = field.contains(QLatin1Char('"')) || field.contains(QLatin1Char(',')) ||
                       field.contains(QLatin1Char('\n')) || field.contains(QLatin1Char('\r'));
    if (!quote)
        return field;
    field.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + field + QLatin1Char('"');
}

QString toCsv(const QAbstractItemModel &model)
{
    const int columns = model.columnCount();
    QStringList header;
    for (int column = 0; column < columns; ++column)
        header << model.headerData(column, Qt::Horizontal, Qt::DisplayRole).toString();
    QString csv = csvLine(header);
    for (int row = 0; row < model.rowCount(); ++row) {
        QStringList fields;
        for (int column = 0; column < columns; ++column) {
            const QModelIndex index = model.index(row, column);
            const QVariant exported = index.data(ExportTextRole);
            fields << (exported.isValid() ? exported : index.data(Qt::DisplayRole)).toString();
        }
        csv += csvLine(fields);
    }
    return csv;
}

Result<void> writeCsvFile(const QString &path, const QString &csv)
{
    return writeFileAtomically(path, [&](QIODevice &file) {
        file.write(QByteArrayLiteral("\xEF\xBB\xBF"));
        file.write(csv.toUtf8());
    });
}

} // namespace kete::models
