#pragma once

#include "fhir/fhirrequest.h"
#include "fhir/searchquery.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QSet>

namespace kete::fhir {

class FhirClient;

// One search of a long list, loaded as several at once. The first page is asked for newest
// first, as one search; when the server counts more than `windowThreshold` matches, the rest is
// split into date windows (date=ge..&date=lt..), from the oldest match (one more search,
// ascending, one result) to the oldest date on the first page, searched at once with larger
// pages, each followed through its opaque next links.
//
// Every result arrives once: a resource already handed over (same id) is dropped, since windows
// meet at their edges and a server may answer overlapping ones. When the windows brought fewer
// distinct results than the first page's Bundle.total (results without a date, a server that
// reads windows differently), the first search's own next links are followed to the end.
class WindowedSearch final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WindowedSearch)

public:
    static constexpr int windowThreshold = 1000;
    static constexpr int windowCount = 4;
    static constexpr int windowPageSize = 100;

    // `query` without _sort and _count; `dateParam` sorts (`sort` = "-date") and windows.
    WindowedSearch(FhirClient *client, QString resourceType, SearchQuery query, QString dateParam,
                   QString sort, int firstPageSize, QObject *parent = nullptr);
    ~WindowedSearch() override;

    void start();
    void cancel();

Q_SIGNALS:
    void pageReceived(const kete::fhir::BundlePage &page);
    void finished(const kete::fhir::RequestOutcome &outcome);

private:
    FhirRequest *search(SearchQuery query);
    void onFirstPage(const BundlePage &page);
    void onFirstFinished(const RequestOutcome &outcome);
    void onOldest(const BundlePage &page);
    void startWindows();
    void startFallback();
    void deliver(BundlePage page);
    void onSearchFinished(const RequestOutcome &outcome);
    void finishWith(std::optional<Error> error, bool cancelled = false);

    QPointer<FhirClient> m_client;
    const QString m_type;
    const SearchQuery m_query;
    const QString m_dateParam;
    const QString m_sort;
    const int m_firstPageSize;

    QPointer<FhirRequest> m_first;
    QPointer<FhirRequest> m_oldestProbe;
    QList<QPointer<FhirRequest>> m_windows;
    QUrl m_firstNext; // the first page's next link, for the fallback
    std::optional<int> m_total;
    std::optional<QDateTime> m_newestBoundary; // the oldest date on the first page
    std::optional<QDateTime> m_oldest;
    bool m_oldestDone = false;
    bool m_windowed = false;
    bool m_fallback = false;
    int m_running = 0; // windows (or the fallback) still running
    QSet<QString> m_seen;
    RequestOutcome m_outcome;
    bool m_finished = false;
};

} // namespace kete::fhir
