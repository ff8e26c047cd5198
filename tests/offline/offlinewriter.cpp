// For tst_offlinekilledsync: writes generation after generation of a copy, each one whole
// transaction, and says "committed N" after each, until it is killed.
//
//   offlinewriter FILE PROVIDER HEX-KEY RESOURCES
#include "offline/offlinestore.h"

#include <QCoreApplication>
#include <QTextStream>

using namespace kete::offline;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 5)
        return 2;
    auto store =
        OfflineStore::open(args.at(1), args.at(2), QByteArray::fromHex(args.at(3).toLatin1()));
    if (!store)
        return 3;
    const int count = args.at(4).toInt();
    QTextStream out(stdout);
    for (int generation = 1;; ++generation) {
        QList<StoredResource> resources;
        resources.reserve(count);
        for (int i = 0; i < count; ++i)
            resources.append({QStringLiteral("Observation"), QString::number(i),
                              QByteArray::number(generation) + ':' + QByteArray(600, 'x')});
        if (!store.value()->replaceAll(
                resources, {{QStringLiteral("generation"), QByteArray::number(generation)}}))
            return 4;
        out << "committed " << generation << Qt::endl;
    }
}
