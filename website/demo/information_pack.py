"""The demo information pack and the three councils' contact details (made-up numbers and addresses)."""

COUNCIL_CONTACTS = [
    {
        "council": "kent",
        "team_name": "APSE in Kent",
        "phone": "0300 123 4001",
        "email": "kent@adoptionpartnership.example",
        "address": "Invicta House\nCounty Road\nMaidstone ME14 1XX",
        "opening_hours": "Monday to Friday, 9am to 5pm",
    },
    {
        "council": "medway",
        "team_name": "APSE in Medway",
        "phone": "0300 123 4002",
        "email": "medway@adoptionpartnership.example",
        "address": "Gun Wharf\nDock Road\nChatham ME4 4TR",
        "opening_hours": "Monday to Friday, 9am to 5pm",
    },
    {
        "council": "bexley",
        "team_name": "APSE in Bexley",
        "phone": "0300 123 4003",
        "email": "bexley@adoptionpartnership.example",
        "address": "Civic Offices\n2 Watling Street\nBexleyheath DA6 7AT",
        "opening_hours": "Monday to Friday, 9am to 5pm",
    },
]

INFORMATION_PACK = {
    "slug": "information-pack",
    "title": "Our information pack",
    "intro": (
        "Everything you need to decide whether adoption could be right for you: who can adopt, the children "
        "who are waiting, each step and how long it takes, and the support you will have."
    ),
    "search_description": "APSE's adoption information pack: read it online or download it as a PDF.",
    "sections": [
        {
            "topic": "adoption",
            "heading": "What adoption is",
            "body": (
                "<p>Adoption gives a child who cannot live with their birth family a permanent, loving home. When "
                "the court makes an adoption order, you become the child's legal parent for life, with the same "
                "rights and responsibilities as any parent.</p><p>Adoption Partnership south east (APSE) finds "
                "families for children from Kent, Medway and Bexley. Around 200 children a year in our region "
                "need an adoptive family.</p>"
            ),
            "image": "hero-home",
        },
        {
            "topic": "who",
            "heading": "Who can adopt",
            "body": (
                "<p>Most people who adopt are ordinary people with room in their lives for a child. You need to be "
                "at least 21. You can be single, married, in a civil partnership or living together; you can rent "
                "or own your home; you can be in work or not; you can already have children.</p><p>Health, age, "
                "income and past convictions are looked at one by one and rarely rule anyone out. The law does "
                "rule out people who, or any adult in whose household, have been convicted of or cautioned for "
                "certain serious offences, such as offences against children.</p>"
            ),
            "story": "joanne-adopting-on-my-own",
        },
        {
            "topic": "children",
            "heading": "The children who wait",
            "body": (
                "<p>The children we find families for are of every age, from babies to teenagers. Many have lived "
                "through difficult starts. Brothers and sisters often need to stay together. Older children, "
                "children with additional needs and children from Black, Asian and minority ethnic backgrounds "
                "tend to wait longest.</p>"
            ),
        },
        {
            "topic": "journey",
            "heading": "The journey and how long each step takes",
            "body": (
                "<ol><li><b>Enquiry</b>: tell us about yourself; we call you back within two working days.</li>"
                "<li><b>Information event</b>: meet our team and adopters.</li>"
                "<li><b>Registration of interest</b>: we decide within five working days.</li>"
                "<li><b>Stage one</b>: checks, references and preparation training, about two months.</li>"
                "<li><b>Stage two</b>: a social worker gets to know you and writes your assessment, about four "
                "months.</li><li><b>Panel and approval</b>: the adoption panel recommends and the agency decides.</li>"
                "<li><b>Matching</b>: we look for the child or children you could parent.</li></ol>"
                "<p>People who have adopted before and foster carers can skip stage one.</p>"
            ),
            "image": "journey-path",
        },
        {
            "topic": "early-permanence",
            "heading": "Early permanence",
            "body": (
                "<p>Some babies and young children can come to live with you as their foster carer while the court "
                "decides their future, so they do not have to move again if they are later placed for adoption "
                "with you. It asks a lot of you, and gives the child the best start. We will talk it through with "
                "you and train you for it.</p>"
            ),
            "story": "hannah-and-chris-early-permanence",
        },
        {
            "topic": "money",
            "heading": "Money and leave",
            "body": (
                "<p>Adoption is free. Adopters who work are entitled to adoption leave and pay, as birth parents are "
                "to maternity and paternity leave. Some families receive an adoption allowance, depending on the "
                "child's needs and your circumstances.</p>"
            ),
        },
        {
            "topic": "support",
            "heading": "Support after adoption",
            "body": (
                "<p>Our support does not stop when a child moves in. There are groups, training and mentors who "
                "have adopted themselves, and we can ask the Adoption and Special Guardianship Support Fund to pay "
                "for therapy your family needs.</p>"
            ),
            "story": "kirsty-growing-up-adopted",
        },
        {
            "topic": "next",
            "heading": "Next steps",
            "body": (
                '<p>Come to an information event, or <a href="/enquire/">tell us you are interested</a>. There is '
                "no commitment, and you can ask us anything.</p>"
            ),
        },
    ],
}
