#pragma once

#include "brands/brand.h"
#include "brands/brandsindex.h"

#include <QSet>
#include <QWidget>
#include <memory>

class QLabel;
class QLineEdit;
class QListView;

namespace kete::ui {

class ProviderResultsModel;

// "Find your provider": a search box and, as the user types, the matching portals of the
// provider directories (logo, name, city, portal name). Choosing one emits providerChosen.
// Searching is on the GUI thread (a few milliseconds a keystroke); loading is not.
class ProviderSearch final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProviderSearch)

public:
    explicit ProviderSearch(QWidget *parent = nullptr);
    ~ProviderSearch() override;

    // The directory Kete ships and the ones the user imported (from a file, from an address),
    // loaded on a worker thread (from the cache when unchanged). Problems go to the log; the
    // search works without them.
    void loadInstalledDirectories();
    // The directory from `source` ("imported", "remote"), in place of the one before from there.
    void setDirectory(const QString &source, std::shared_ptr<const brands::BrandsIndex> index);
    // `preferred`: a server's own bundle (user_access_brand_bundle). Its brands hide the
    // entries of the other directories with the same website identifier. An index already
    // added is not added again.
    void addDirectory(std::shared_ptr<const brands::BrandsIndex> index, bool preferred = false);

    qsizetype directoryCount() const { return m_directories.size(); }
    QLineEdit *searchBox() const { return m_search; }
    QListView *results() const { return m_results; }

Q_SIGNALS:
    void providerChosen(const kete::brands::ProviderEntry &entry);
    void directoryLoaded(); // after each directory is added

private:
    void search();
    void choose(int row);
    void putDirectory(const QString &source, std::shared_ptr<const brands::BrandsIndex> index);

    QLineEdit *m_search;
    QListView *m_results;
    QLabel *m_status;
    ProviderResultsModel *m_model;
    struct Directory
    {
        std::shared_ptr<const brands::BrandsIndex> index;
        bool preferred = false;
        QString source; // empty: a server's own
    };
    QList<Directory> m_directories;
    QSet<QString> m_replacedSources; // by setDirectory(), newer than what is on disk at start
};

} // namespace kete::ui
