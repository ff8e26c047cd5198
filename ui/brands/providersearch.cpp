#include "brands/providersearch.h"

#include "brands/brandsdirectory.h"
#include "brands/remotedirectory.h"
#include "common/logging.h"

#include <QAbstractListModel>
#include <QFutureWatcher>
#include <QIcon>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPixmap>
#include <QSet>
#include <QVBoxLayout>

namespace kete::ui {

namespace {

constexpr qsizetype pageSize = 50;
constexpr int logoSize = 32;

// A data: logo, already checked by the parser (an image, within the size limit). Logos at
// https addresses are not fetched: showing the list must not tell anyone what the user types.
QIcon logoIcon(const QUrl &logo)
{
    static const QIcon fallback(QStringLiteral(":/kete/icons/kete.svg"));
    if (logo.scheme() != QLatin1String("data"))
        return fallback;
    const QString path = logo.path(QUrl::FullyEncoded);
    const qsizetype comma = path.indexOf(QLatin1Char(','));
    QPixmap pixmap;
    if (comma < 0 || !pixmap.loadFromData(QByteArray::fromBase64(
                         QByteArray::fromPercentEncoding(path.mid(comma + 1).toLatin1()))))
        return fallback;
    return QIcon(pixmap.scaled(logoSize, logoSize, Qt::KeepAspectRatio, Qt::SmoothTransformation));
}

} // namespace

// The rows of the results list: copies of the entries found, so that the model never points
// into an index that may be replaced.
class ProviderResultsModel final : public QAbstractListModel
{
public:
    using QAbstractListModel::QAbstractListModel;

    void setRows(QList<brands::ProviderEntry> rows)
    {
        beginResetModel();
        m_rows = std::move(rows);
        m_icons.clear();
        endResetModel();
    }
    const brands::ProviderEntry &row(int i) const { return m_rows.at(i); }

    int rowCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : int(m_rows.size());
    }

    QVariant data(const QModelIndex &index, int role) const override
    {
        if (!index.isValid() || index.row() >= m_rows.size())
            return {};
        const brands::ProviderEntry &entry = m_rows.at(index.row());
        switch (role) {
        case Qt::DisplayRole: {
            QStringList details;
            if (!entry.city().isEmpty())
                details.append(entry.city());
            if (!entry.portalName.isEmpty())
                details.append(entry.portalName);
            return details.isEmpty()
                       ? entry.brandName
                       : entry.brandName + QLatin1Char('\n') + details.join(QStringLiteral(" · "));
        }
        case Qt::AccessibleTextRole:
            return entry.brandName;
        case Qt::DecorationRole: {
            auto icon = m_icons.constFind(index.row());
            if (icon == m_icons.constEnd())
                icon = m_icons.insert(index.row(), logoIcon(entry.logo()));
            return *icon;
        }
        case Qt::ToolTipRole:
            return entry.portalDescription.isEmpty() ? entry.fhirBase().toDisplayString()
                                                     : entry.portalDescription + QLatin1Char('\n') +
                                                           entry.fhirBase().toDisplayString();
        default:
            return {};
        }
    }

private:
    QList<brands::ProviderEntry> m_rows;
    mutable QHash<int, QIcon> m_icons;
};

ProviderSearch::ProviderSearch(QWidget *parent)
    : QWidget(parent)
    , m_search(new QLineEdit(this))
    , m_results(new QListView(this))
    , m_status(new QLabel(this))
    , m_model(new ProviderResultsModel(this))
{
    m_search->setObjectName(QStringLiteral("providerSearch"));
    m_search->setPlaceholderText(tr("Name, city, postal code or website"));
    m_search->setAccessibleName(tr("Find your provider"));
    m_search->setClearButtonEnabled(true);
    m_results->setObjectName(QStringLiteral("providerResults"));
    m_results->setAccessibleName(tr("Providers found"));
    m_results->setModel(m_model);
    m_results->setIconSize(QSize(logoSize, logoSize));
    m_results->setUniformItemSizes(true);
    m_results->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_results->setMinimumHeight(120);
    m_results->hide();
    m_status->setObjectName(QStringLiteral("providerSearchStatus"));
    m_status->setWordWrap(true);
    m_status->hide();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_search);
    layout->addWidget(m_results);
    layout->addWidget(m_status);

    connect(m_search, &QLineEdit::textChanged, this, &ProviderSearch::search);
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        const QModelIndex current = m_results->currentIndex();
        if (m_model->rowCount() > 0)
            choose(current.isValid() ? current.row() : 0);
    });
    connect(m_results, &QListView::activated, this,
            [this](const QModelIndex &index) { choose(index.row()); });
    connect(m_results, &QListView::clicked, this,
            [this](const QModelIndex &index) { choose(index.row()); });
}

ProviderSearch::~ProviderSearch() = default;

void ProviderSearch::loadInstalledDirectories()
{
    const auto watch = [this](QFuture<Result<brands::LoadedDirectory>> future, const char *name) {
        auto *watcher = new QFutureWatcher<Result<brands::LoadedDirectory>>(this);
        connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, name] {
            watcher->deleteLater();
            const Result<brands::LoadedDirectory> loaded = watcher->result();
            if (!loaded) {
                if (loaded.error().code != ErrorCode::NotFound)
                    qCWarning(lcUi)
                        << "provider directory" << name << "not loaded:" << loaded.error().detail;
                return;
            }
            // A newer one may have come from the network meanwhile.
            if (!m_replacedSources.contains(QLatin1String(name)))
                putDirectory(QString::fromLatin1(name), loaded->index);
        });
        watcher->setFuture(std::move(future));
    };
    watch(brands::loadDirectoryAsync(brands::shippedDirectory(),
                                     brands::defaultCacheFile(QStringLiteral("kete"))),
          "kete");
    watch(brands::loadImportedDirectoryAsync(), "imported");
    watch(brands::loadRemoteDirectoryAsync(), "remote");
}

void ProviderSearch::setDirectory(const QString &source,
                                  std::shared_ptr<const brands::BrandsIndex> index)
{
    m_replacedSources.insert(source);
    putDirectory(source, std::move(index));
}

void ProviderSearch::putDirectory(const QString &source,
                                  std::shared_ptr<const brands::BrandsIndex> index)
{
    if (!index)
        return;
    const auto same = [&](const Directory &directory) { return directory.source == source; };
    m_directories.removeIf(same);
    m_directories.append(Directory{std::move(index), false, source});
    search();
    Q_EMIT directoryLoaded();
}

void ProviderSearch::addDirectory(std::shared_ptr<const brands::BrandsIndex> index, bool preferred)
{
    const auto same = [&](const Directory &directory) { return directory.index == index; };
    if (!index || std::any_of(m_directories.cbegin(), m_directories.cend(), same))
        return; // a server read again after another sign-in
    if (preferred)
        m_directories.prepend(Directory{std::move(index), true, {}});
    else
        m_directories.append(Directory{std::move(index), false, {}});
    search();
    Q_EMIT directoryLoaded();
}

void ProviderSearch::search()
{
    const QString query = m_search->text();
    // Best rank first across the directories; a preferred directory's brand hides the same
    // brand (website) elsewhere.
    struct Found
    {
        brands::BrandsIndex::Rank rank;
        qsizetype order;
        const brands::ProviderEntry *entry;
    };
    QList<Found> found;
    QSet<QString> preferredWebsites;
    for (const Directory &directory : std::as_const(m_directories)) {
        if (!directory.preferred)
            continue;
        for (const brands::ProviderEntry &entry : directory.index->entries()) {
            for (const QString &website : entry.websites)
                preferredWebsites.insert(website);
        }
    }
    for (const Directory &directory : std::as_const(m_directories)) {
        const QList<brands::BrandsIndex::Hit> hits = directory.index->search(query, pageSize);
        for (const brands::BrandsIndex::Hit &hit : hits) {
            const brands::ProviderEntry &entry = directory.index->entries().at(hit.entry);
            if (!directory.preferred &&
                std::any_of(entry.websites.cbegin(), entry.websites.cend(),
                            [&](const QString &w) { return preferredWebsites.contains(w); }))
                continue;
            found.append(Found{hit.rank, found.size(), &entry});
        }
    }
    std::stable_sort(found.begin(), found.end(),
                     [](const Found &a, const Found &b) { return a.rank < b.rank; });
    QList<brands::ProviderEntry> rows;
    for (qsizetype i = 0; i < std::min(pageSize, found.size()); ++i)
        rows.append(*found.at(i).entry);
    m_model->setRows(rows);
    const bool typed = !query.trimmed().isEmpty();
    m_results->setVisible(typed && !rows.isEmpty());
    m_status->setVisible(typed && rows.isEmpty());
    m_status->setText(tr("No provider in the directory matches “%1”. You can still enter its "
                         "FHIR address below.")
                          .arg(query.trimmed()));
    if (!rows.isEmpty())
        m_results->setCurrentIndex(m_model->index(0));
}

void ProviderSearch::choose(int row)
{
    if (row < 0 || row >= m_model->rowCount())
        return;
    Q_EMIT providerChosen(m_model->row(row));
}

} // namespace kete::ui
