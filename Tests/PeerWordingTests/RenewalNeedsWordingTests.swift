import PeerEngine
import PeerRules
import PeerWording
import Testing

/// What an administrator or holder reads of a credential's renewal needs: needs and dates only.
@Suite struct RenewalNeedsWordingTests {
    @Test func everyNeedIsNamedOnOneLine() {
        var needs = RenewalNeeds()
        needs.continuingEducationHours = Hours(12)
        needs.continuingEducationByTopic = ["ethics": Hours(3)]
        needs.continuingEducationCourses = ["suicide_prevention": 1]
        needs.serviceHours = Hours(10)
        needs.supervisionHours = Hours(2)
        needs.signEthicsCode = true
        needs.backgroundCheck = "fbi"
        #expect(needs.summary == "12 CE hours (by topic: ethics 3); 1 more suicide_prevention training; 10 hours of peer services; "
                + "2 hours of supervision; sign the code of ethics again; renew the background check (fbi)")
    }

    @Test func nothingOutstandingSaysSo() {
        #expect(RenewalNeeds().summary == "nothing outstanding but the renewal itself")
    }
}
