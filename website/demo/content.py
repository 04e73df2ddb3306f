"""Demo content for the Adoption Partnership south east (APSE) website.

Pure data: no Django imports. Everything here is original text written for this project in plain
English. The people in the stories are fictional; their names and details are invented. Body content
is a list of ``(block_type, value)`` tuples that the demo loader turns into StreamField blocks.
"""

STORY_TAGS = [
    "Single adopters",
    "LGBTQ+ adopters",
    "Sibling groups",
    "Older children",
    "Early permanence",
    "Disability",
]

# Every image used anywhere. The key is the image's name; "alt" is its text alternative, and "scene" and
# "palette" tell the illustration generator (website/demo/images.py) what to draw.
IMAGES = {
    "hero-home": {
        "alt": "An illustration of a small house on a green hill at sunrise, with a light on in the window",
        "scene": "home",
        "palette": "sunrise",
    },
    "story-joanne": {
        "alt": "An illustration of a garden with a wooden bench, a white fence and bright flowers",
        "scene": "garden",
        "palette": "meadow",
    },
    "story-dev-marcus": {
        "alt": "An illustration of a park with round trees, a pond and a winding path",
        "scene": "park",
        "palette": "teal",
    },
    "story-claire-tom": {
        "alt": "An illustration of a family home on a hill, with a path leading to the front door",
        "scene": "home",
        "palette": "coral",
    },
    "story-siblings-garden": {
        "alt": "An illustration of a sunny back garden with a bench and lots of flowers",
        "scene": "garden",
        "palette": "sunrise",
    },
    "story-linda-rob": {
        "alt": "An illustration of a cosy living room with a bookcase, an armchair and a lamp",
        "scene": "books",
        "palette": "sand",
    },
    "story-hannah-chris": {
        "alt": "An illustration of a big tree with a swing hanging from one branch",
        "scene": "tree",
        "palette": "sunrise",
    },
    "story-mel": {
        "alt": "An illustration of a beach with colourful beach huts and a small sailing boat on the sea",
        "scene": "seaside",
        "palette": "teal",
    },
    "story-mel-kitchen": {
        "alt": "An illustration of a kitchen table with three mugs and a bowl of fruit, below a sunny window",
        "scene": "kitchen",
        "palette": "meadow",
    },
    "story-kirsty": {
        "alt": "An illustration of a path winding across fields towards hills under a moonlit sky",
        "scene": "path",
        "palette": "dusk",
    },
    "blog-first-year": {
        "alt": (
            "An illustration of a warm kitchen with mugs of tea on the table and a window looking out on "
            "hills"
        ),
        "scene": "kitchen",
        "palette": "coral",
    },
    "blog-preparation-training": {
        "alt": "An illustration of a bookcase full of books next to a comfy chair and a reading lamp",
        "scene": "books",
        "palette": "teal",
    },
    "story-sue-pete": {
        "alt": "An illustration of a kite flying high above rolling green hills",
        "scene": "kite",
        "palette": "meadow",
    },
    "story-jas-harry": {
        "alt": (
            "An illustration of a house on a hill at night, with a warm light in the window and the moon "
            "above"
        ),
        "scene": "home",
        "palette": "dusk",
    },
    "journey-path": {
        "alt": "An illustration of a path winding through fields towards distant hills at sunrise",
        "scene": "path",
        "palette": "sunrise",
    },
    "about-hills": {
        "alt": "An illustration of soft, rolling hills under a pale sky",
        "scene": "hills",
        "palette": "sand",
    },
    "support-kite": {
        "alt": "An illustration of a kite flying over hills on a calm evening",
        "scene": "kite",
        "palette": "coral",
    },
}

SITE = {
    "phone": "0300 000 0000",
    "email": "hello@adoptionpartnership.example",
    "address": "Adoption Partnership south east, Oakfield House, 12 Hopgarden Lane, Maidstone ME14 9ZZ",
    "opening_hours": "Monday to Friday, 9am to 5pm (closed on bank holidays)",
    "facebook": "https://www.facebook.com/adoptionpartnershipse",
    "x": "https://x.com/apse_adoption",
    "youtube": "https://www.youtube.com/@adoptionpartnershipse",
    "instagram": "https://www.instagram.com/adoptionpartnershipse",
    "footer_text": (
        "Adoption Partnership south east is the regional adoption agency for Kent County Council, "
        "Medway Council and the London Borough of Bexley. We find loving families for children who "
        "cannot live with their birth families, and we support adoptive families for as long as they need us."
    ),
}

HOME = {
    "title": "Home",
    "seo_title": "Adopt a child in Kent, Medway and Bexley",
    "hero_heading": "Children in Kent, Medway and Bexley are waiting for a family like yours",
    "hero_strapline": (
        "Could you give a child a safe, loving home for life? Find out if adoption is right for you."
    ),
    "hero_image": "hero-home",
    "intro": (
        "We are Adoption Partnership south east. We find families for children who cannot live with their "
        "birth parents. You don't need to be married, own your home or have a big income to adopt. You need "
        "time, patience and lots of love. We will guide you at every step and support your family after your "
        "child moves in."
    ),
    "body": [
        (
            "steps",
            {
                "heading": "How adoption works, in brief",
                "steps": [
                    {
                        "title": "Talk to us",
                        "summary": "Call us, send a message or come to a free information evening.",
                        "duration": "Whenever you're ready",
                        "icon": "chat",
                    },
                    {
                        "title": "Get ready",
                        "summary": "Checks, training and a home study with your own social worker.",
                        "duration": "About 6 months",
                        "icon": "training",
                    },
                    {
                        "title": "Meet your child",
                        "summary": "We match you with a child, and you get to know each other.",
                        "duration": "It varies",
                        "icon": "family",
                    },
                    {
                        "title": "Grow together",
                        "summary": "We keep supporting your family for as long as you need us.",
                        "duration": "For life",
                        "icon": "heart",
                    },
                ],
            },
        ),
        (
            "callout",
            {
                "heading": "Not sure if you can adopt?",
                "text": (
                    "<p>Most people can. Single people, couples, people who rent, people who already have "
                    "children and people of any faith or none adopt every year. Answer 8 quick questions with "
                    'our <a href="/can-i-adopt/">Can I adopt? checker</a>.</p>'
                ),
                "tone": "info",
            },
        ),
        (
            "call_to_action",
            {
                "heading": "Come to a free information evening",
                "text": (
                    "Meet our team and adopters, ask anything, and there's no pressure to sign up. "
                    "Join us online or in Kent, Medway or Bexley."
                ),
                "label": "Find an event near you",
                "url": "/events/",
            },
        ),
    ],
    "search_description": (
        "Adopt a child in Kent, Medway or Bexley with Adoption Partnership south east. Find out who can "
        "adopt, read adopters' stories and book a free event."
    ),
}


_NAMES_CHANGED = (
    "paragraph",
    "<p><em>Names and some details in this story have been changed to protect the family's privacy.</em></p>",
)

STORIES = [
    {
        "slug": "joanne-adopting-on-my-own",
        "title": "Joanne's story: adopting on my own",
        "kind": "story",
        "author": "Written by Joanne, who adopted her daughter in 2023",
        "days_ago": 21,
        "summary": (
            "Joanne is single and rents her home near Ashford. She thought she would be turned away. "
            "Instead, she adopted her three-year-old daughter."
        ),
        "tags": ["Single adopters"],
        "image": "story-joanne",
        "featured": True,
        "video": None,
        "body": [
            (
                "paragraph",
                (
                    "<p>For years, Joanne thought adoption was not for people like her. She was single. She "
                    "rented a small house in a village near Ashford. She worked full time as a teaching "
                    "assistant.</p>"
                    "<p>“I honestly thought they'd laugh me out of the room,” she says. “I assumed you needed a "
                    "husband, a mortgage and a big garden.”</p>"
                ),
            ),
            ("heading", {"text": "Making the first call", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>Joanne first looked at our website late one night. She read a story about another single "
                    "adopter. The next morning, she booked a place at an online information evening.</p>"
                    "<p>“I kept my camera off,” she laughs. “I just wanted to listen. But the social worker "
                    "answered every question in the chat, even the ones I thought were silly. By the end I'd "
                    "stopped feeling like an outsider.”</p>"
                    "<p>A week later, she had her first phone call with our enquiries team. They talked about "
                    "her job, her home and the people around her. They explained that being single and renting "
                    "were not problems. What mattered was that she could give a child a safe, loving and settled "
                    "home.</p>"
                ),
            ),
            (
                "quote",
                {
                    "quote": (
                        "Nobody asked me why I didn't have a partner. They asked me who I could call at 2am if I "
                        "needed help. That was a much better question."
                    ),
                    "attribution": "Joanne",
                },
            ),
            ("heading", {"text": "Building my support network", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>During stage one, Joanne went to preparation training with other people hoping to adopt. "
                    "Some were couples. Some were on their own, like her. “We had a WhatsApp group going by "
                    "lunchtime on the first day,” she says. “I still message two of them every week.”</p>"
                    "<p>In stage two, her social worker visited her at home. They talked about Joanne's own "
                    "childhood, her friendships and how she copes when life gets stressful. They also drew a map "
                    "of everyone who could help her.</p>"
                    "<p>“My sister lives ten minutes away. My neighbour is a retired childminder. My best friend "
                    "offered to do the school run on Fridays. Seeing it all written down made me realise I "
                    "wasn't really doing this alone.”</p>"
                ),
            ),
            ("heading", {"text": "Meeting my daughter", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>Joanne was approved at panel in the spring. A few months later, her social worker rang "
                    "about a little girl of three who needed a family.</p>"
                    "<p>“I read her profile on the train home and cried the whole way,” Joanne says. “There was "
                    "a photo of her in wellies, jumping in a puddle. I just knew.”</p>"
                    "<p>Introductions took about two weeks. At first, Joanne visited her daughter at her foster "
                    "carer's home. Slowly, the visits moved to Joanne's house. Then one Saturday morning, her "
                    "daughter moved in for good. The foster carer still sends a card every birthday.</p>"
                ),
            ),
            ("heading", {"text": "Life now", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>Two years on, life is busy. There are swimming lessons, play dates and a lot of "
                    "questions at bedtime. Joanne calls our adoption support team when things get hard. She also "
                    "goes to a monthly coffee morning for single adopters.</p>"
                    "<p>“Some days are tough,” she says. “My daughter had a hard start, and that doesn't just "
                    "disappear. But she's funny and brave and she loves me. I wouldn't change a thing.”</p>"
                    "<p>Her advice to other single people is simple. “Go to an information evening. Ask your "
                    "question. You might be surprised by the answer.”</p>"
                ),
            ),
            (
                "callout",
                {
                    "heading": "Thinking about adopting on your own?",
                    "text": (
                        "<p>Single people can adopt. You need to be 21 or over and able to give a child a "
                        "stable, loving home. It doesn't matter whether you rent or own. Try our quick "
                        '<a href="/can-i-adopt/">Can I adopt? checker</a> or read our '
                        '<a href="/faqs/">questions and answers</a>.</p>'
                    ),
                    "tone": "info",
                },
            ),
            _NAMES_CHANGED,
        ],
    },
    {
        "slug": "dev-and-marcus-two-dads",
        "title": "Dev and Marcus: “We wondered if two dads would be welcome”",
        "kind": "story",
        "author": "Written by Dev and Marcus, who adopted their son in 2022",
        "days_ago": 48,
        "summary": (
            "Dev and Marcus worried that a gay couple might not be welcome. Now they are dads to a lively "
            "little boy and help other LGBTQ+ people who are thinking about adoption."
        ),
        "tags": ["LGBTQ+ adopters"],
        "image": "story-dev-marcus",
        "featured": True,
        "video": {
            "title": "Dev and Marcus talk about becoming dads",
            "caption": (
                "Dev and Marcus share their adoption story in their own words. Subtitles are available."
            ),
            "transcript_html": (
                "<p><strong>Marcus:</strong> Hi, I'm Marcus.</p>"
                "<p><strong>Dev:</strong> And I'm Dev. We live in Sidcup, and three years ago we adopted our "
                "son. He was just over two when he came home.</p>"
                "<p><strong>Marcus:</strong> We'd talked about having children for a long time. But there "
                "was always a little voice saying, would they really pick two men? Would we be the couple at "
                "the bottom of the list?</p>"
                "<p><strong>Dev:</strong> And that voice was wrong. From the first phone call, nobody "
                "treated us any differently. Our social worker was interested in us as people. What we were "
                "like, how we argue, how we make up, who our friends are.</p>"
                "<p><strong>Marcus:</strong> The preparation training was brilliant. There were three other "
                "same-sex couples in our group, which I didn't expect. We learned a lot about how early "
                "experiences shape children. That really helped later on.</p>"
                "<p><strong>Dev:</strong> The hardest part for me was the waiting after panel. We were "
                "approved, we'd painted the bedroom, and then nothing for a few months. Our social worker "
                "kept in touch, which helped.</p>"
                "<p><strong>Marcus:</strong> Then we got the call. I remember I was in the supermarket, and "
                "I had to leave my trolley in the cereal aisle.</p>"
                "<p><strong>Dev:</strong> He still has no idea how close he came to not having cereal that "
                "week.</p>"
                "<p><strong>Marcus:</strong> The first few months were hard work. Lots of big feelings, not "
                "much sleep. But he's settled now. He's cheeky, he loves dinosaurs and he tells everyone at "
                "nursery that he has two dads.</p>"
                "<p><strong>Dev:</strong> If you're LGBTQ+ and you're wondering whether to make that first "
                "call, please do. Children need loving homes. It doesn't matter who is in the couple.</p>"
                "<p><strong>Marcus:</strong> Just bring snacks to preparation training. That's my one "
                "tip.</p>"
            ),
        },
        "body": [
            (
                "paragraph",
                (
                    "<p>Dev is a nurse. Marcus runs a small plumbing business. They have been together for "
                    "eleven years and live in Sidcup with their son and a very patient cat.</p>"
                    "<p>They always knew they wanted to be parents. But for a long time, they held back.</p>"
                ),
            ),
            ("heading", {"text": "Worries at the start", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>“We'd heard stories from friends years ago,” says Dev. “People being asked odd "
                    "questions. People feeling like they had to prove themselves more than other couples. We "
                    "didn't want to put ourselves through that.”</p>"
                    "<p>In the end, it was Marcus's sister who pushed them. She sent them a link to one of our "
                    "information evenings. “She said, just go, what's the worst that can happen?” Marcus "
                    "remembers.</p>"
                    "<p>At the event, they met an adopter who was also a gay dad. He had adopted two brothers a "
                    "few years earlier. “Hearing him talk, we realised things had really changed,” says Dev.</p>"
                    "<p>Same-sex couples have been able to adopt together in England since 2005. Today, LGBTQ+ "
                    "adopters are a welcome and valued part of every agency, including ours.</p>"
                ),
            ),
            (
                "quote",
                {
                    "quote": (
                        "Our social worker never made us feel like a box to tick. She was interested in who we "
                        "are and what kind of dads we would be."
                    ),
                    "attribution": "Marcus",
                },
            ),
            ("heading", {"text": "The assessment", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>Stage one took about two months. There were checks, references and medicals, and three "
                    "days of preparation training. Stage two took about four months. Their social worker visited "
                    "them at home every couple of weeks.</p>"
                    "<p>“We talked about everything,” says Dev. “Our families, our jobs, our relationship. She "
                    "also asked how we would help a child answer questions at school about having two dads. That "
                    "was useful. We'd never really thought it through.”</p>"
                    "<p>They also talked a lot about their future child's birth family. “Our son will always "
                    "have a birth mum,” says Marcus. “That's part of his story. We want him to feel he can talk "
                    "about her with us, any time.”</p>"
                ),
            ),
            ("heading", {"text": "Our son arrives", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>Dev and Marcus were approved at panel and matched with a two-year-old boy four months "
                    "later. Introductions took ten days.</p>"
                    "<p>“The first night, he wouldn't go to sleep unless I sat on the floor next to his bed,” "
                    "says Marcus. “So I sat on the floor. For about three weeks.”</p>"
                    "<p>Now their son is at school. He loves dinosaurs, football and pancakes on Sundays. The "
                    "family go to a local adopters' group, where he has made good friends.</p>"
                    "<p>Dev's mum had been unsure about adoption at first. Now she looks after their son every "
                    "Wednesday. “She's his biggest fan,” says Marcus.</p>"
                    "<p>There have been harder moments too. When their son started nursery, another child told "
                    "him he couldn't have two dads. “He came home really upset,” says Dev. “We talked about all "
                    "the different kinds of families. Then we spoke to the nursery, and they read a story about "
                    "families with the whole class. The next week he told everyone his family was the best "
                    "one.”</p>"
                ),
            ),
            ("heading", {"text": "Their advice to other LGBTQ+ people", "level": "h2"}),
            (
                "paragraph",
                (
                    "<ul>"
                    "<li>Come to an information evening. You'll probably meet other LGBTQ+ people there.</li>"
                    "<li>Ask your questions early. There's no such thing as a silly one.</li>"
                    "<li>Be open in your assessment. Your social worker is on your side.</li>"
                    "<li>Find other adopters. They'll understand in a way other friends can't.</li>"
                    "</ul>"
                ),
            ),
            (
                "call_to_action",
                {
                    "heading": "Find out more at a free event",
                    "text": "Meet our team and other adopters online or near you. Everyone is welcome.",
                    "label": "See upcoming events",
                    "url": "/events/",
                },
            ),
            _NAMES_CHANGED,
        ],
    },
    {
        "slug": "claire-and-tom-three-siblings",
        "title": "Claire and Tom: keeping three brothers and sisters together",
        "kind": "story",
        "author": "Written by Claire and Tom, who adopted three siblings in 2021",
        "days_ago": 75,
        "summary": (
            "Claire and Tom went from no children to three in one go. They share what it's really like to "
            "adopt a sibling group, and why keeping brothers and sisters together matters."
        ),
        "tags": ["Sibling groups"],
        "image": "story-claire-tom",
        "featured": False,
        "video": None,
        "body": [
            (
                "paragraph",
                (
                    "<p>Claire and Tom live in Chatham. When they started thinking about adoption, they pictured "
                    "one child, maybe a baby. Three years later, they are parents to two brothers and their "
                    "little sister.</p>"
                ),
            ),
            ("heading", {"text": "Changing our minds", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>At preparation training, a social worker talked about brothers and sisters who wait "
                    "longer for a family. “Lots of people feel they can only manage one child,” Claire says. “So "
                    "groups of two or three can wait a long time. Sometimes they end up being split up.”</p>"
                    "<p>That stayed with them. On the drive home, Tom asked the question they were both "
                    "thinking. “We've got three bedrooms. Why are we only thinking about one child?”</p>"
                    "<p>They talked to their social worker during stage two. She helped them think honestly "
                    "about what they could manage. Could they cope with three bedtimes? Three sets of feelings? "
                    "Three school runs? What help would they need?</p>"
                ),
            ),
            (
                "quote",
                {
                    "quote": (
                        "They had already lost so much. Keeping them together meant they didn't lose each other "
                        "too."
                    ),
                    "attribution": "Claire",
                },
            ),
            ("heading", {"text": "Meeting the children", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>The children were six, four and two when Claire and Tom first read about them. They had "
                    "been living with the same foster family for over a year.</p>"
                    "<p>Introductions took about three weeks. The foster carers were a huge help. They made a "
                    "photo book of Claire and Tom's house, so the children could look at their new bedrooms "
                    "before they visited. “The eldest asked if he could choose the colour of his curtains,” says "
                    "Tom. “He picked bright orange. They're still up.”</p>"
                    "<p>The children also keep in touch with their older half-brother, who lives with his "
                    "grandparents. They meet up twice a year at a farm park.</p>"
                ),
            ),
            (
                "image",
                {
                    "image": "story-siblings-garden",
                    "caption": (
                        "The family spend a lot of time in the garden. Tom built a bench so everyone has a seat."
                    ),
                    "alt": "An illustration of a sunny back garden with a bench and lots of flowers",
                },
            ),
            ("heading", {"text": "The first year", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>Claire took a year of adoption leave. Tom took two weeks off, then cut his hours for a "
                    "while.</p>"
                    "<p>“The first few months were the hardest thing we've ever done,” Claire says. “Each child "
                    "needed us in a different way. The eldest was used to looking after the others. He had to "
                    "learn that it was our job now, not his.”</p>"
                    "<p>They leaned on our adoption support team, on family and on other adopters they met at "
                    "training. Their social worker also helped them apply for therapy through the Adoption and "
                    "Special Guardianship Support Fund, which made a real difference.</p>"
                    "<p>A few simple things helped a lot:</p>"
                    "<ul>"
                    "<li>A simple routine on a big chart on the kitchen wall.</li>"
                    "<li>One-to-one time with each child, even just ten minutes a day.</li>"
                    "<li>Batch cooking at the weekend, so weekday teas were easy.</li>"
                    "<li>Saying yes when friends offered to help.</li>"
                    "<li>Meeting other families who had adopted brothers and sisters.</li>"
                    "</ul>"
                    "<p>“We also learned to laugh at ourselves,” says Tom. “The day we took all three to the "
                    "dentist, we forgot our own shoes. Nobody will let us forget it.”</p>"
                ),
            ),
            ("heading", {"text": "Life now", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>Today, the house is loud, messy and full of laughter. The children argue like any "
                    "brothers and sisters. They also look out for each other in a way that still makes Claire "
                    "and Tom proud.</p>"
                    "<p>“If you're wondering whether you could adopt brothers and sisters, come and talk about "
                    "it,” says Tom. “You'll get lots of support. And you'll get three times the hugs.”</p>"
                    "<p><em>Names and some details in this story have been changed to protect the family's "
                    "privacy.</em></p>"
                ),
            ),
        ],
    },
    {
        "slug": "linda-and-rob-adopting-in-our-fifties",
        "title": "Linda and Rob: adopting a seven-year-old in our fifties",
        "kind": "story",
        "author": "Written by Linda and Rob, who adopted their son in 2023",
        "days_ago": 102,
        "summary": (
            "Their birth children had left home, but Linda and Rob felt they had more to give. They explain "
            "why adopting an older child was right for them."
        ),
        "tags": ["Older children"],
        "image": "story-linda-rob",
        "featured": False,
        "video": None,
        "body": [
            (
                "paragraph",
                (
                    "<p>Linda and Rob live in a town in north Kent. They have two grown-up daughters. When the "
                    "youngest went to university, the house felt very quiet.</p>"
                    "<p>“We were good at being parents,” says Linda. “We enjoyed it. And we weren't ready to "
                    "stop.”</p>"
                ),
            ),
            ("heading", {"text": "“Are we too old?”", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>Linda was 54 and Rob was 57 when they first called us. Their biggest worry was their "
                    "age.</p>"
                    "<p>“I really thought they'd say no straight away,” says Rob. “But there's no upper age "
                    "limit for adoption. They wanted to know if we were fit and well, and whether we had the "
                    "energy and the support to see a child through to adulthood.”</p>"
                    "<p>Their medicals were fine. Their daughters were thrilled and wrote references. Their "
                    "social worker also talked with them about the kind of child they could best help.</p>"
                ),
            ),
            ("heading", {"text": "Why an older child?", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>Many children who wait longest for a family are aged five or over. Some have been in "
                    "care for a long time. Some carry painful memories that younger children may not have.</p>"
                    "<p>“We knew we didn't want to start again with nappies,” Linda laughs. “But it was more "
                    "than that. We'd raised two girls through school. We know about homework, friendship "
                    "fallouts and football kit that needs washing by tomorrow. We felt we could offer that "
                    "experience.”</p>"
                ),
            ),
            (
                "quote",
                {
                    "quote": (
                        "Older children know what's happening. He had lots of questions, and he needed honest "
                        "answers. We learned to say, ‘I don't know, but I'll find out.’"
                    ),
                    "attribution": "Rob",
                },
            ),
            ("heading", {"text": "Getting to know each other", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>Their son was seven when he moved in. Before they met, Linda and Rob made a short video "
                    "of their home, their garden and their very old dog. His foster carer watched it with him "
                    "many times.</p>"
                    "<p>“On our first visit, the first thing he said was, ‘Is the dog coming?’” says Rob. “So "
                    "the dog came on the second visit. That broke the ice.”</p>"
                    "<p>Settling in took time. Their son tested the rules a lot in the first few months. He "
                    "needed to know they would not give up on him. “There were days I cried in the car,” Linda "
                    "admits. “But our social worker was always at the end of the phone. And it got easier.”</p>"
                    "<p>School was another big step. Linda met his new teacher before he started and explained a "
                    "little about his past, so she would understand if some days were hard. “The school were "
                    "brilliant,” says Linda. “They gave him the job of feeding the class fish, which he took "
                    "very seriously.”</p>"
                ),
            ),
            ("heading", {"text": "Life story work", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>Because their son was older, he remembered some of his early life. He also had gaps in "
                    "his story. With help from our adoption support team, Linda and Rob used his life story book "
                    "to talk with him about his past, a little at a time.</p>"
                    "<p>“We keep it on the bookshelf in the lounge,” says Linda. “Sometimes he gets it out, and "
                    "we look at it together. Sometimes he doesn't want to. Both are fine.”</p>"
                ),
            ),
            ("heading", {"text": "Two years on", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>Their son is now nine. He plays for a local football team, and his big sisters are his "
                    "biggest fans. He calls Linda and Rob “Mum” and “Dad” and, sometimes, “the oldies”.</p>"
                    "<p>“Don't rule yourself out because of your age,” says Rob. “Older children need families "
                    "too. And older parents have a lot to give.”</p>"
                    "<p><em>Names and some details in this story have been changed to protect the family's "
                    "privacy.</em></p>"
                ),
            ),
        ],
    },
    {
        "slug": "hannah-and-chris-early-permanence",
        "title": "Hannah and Chris: caring for our daughter before we knew she could stay",
        "kind": "story",
        "author": "Written by Hannah and Chris, early permanence carers who adopted their daughter in 2024",
        "days_ago": 9,
        "summary": (
            "Hannah and Chris chose early permanence. Their daughter came to them as a tiny baby, months "
            "before the court decided her future. They talk honestly about the wait."
        ),
        "tags": ["Early permanence"],
        "image": "story-hannah-chris",
        "featured": True,
        "video": {
            "title": "Hannah and Chris talk about early permanence",
            "caption": (
                "Hannah and Chris explain what early permanence meant for them. Subtitles are available."
            ),
            "transcript_html": (
                "<p><strong>Hannah:</strong> I'm Hannah, this is Chris, and we're early permanence carers. "
                "That means our daughter came to live with us as a foster placement, before the court had "
                "decided whether she could be adopted.</p>"
                "<p><strong>Chris:</strong> She was nine days old. We picked her up from the hospital. I'd "
                "never held a baby that small.</p>"
                "<p><strong>Hannah:</strong> People ask us, how could you do it, knowing she might go back? "
                "And the honest answer is, it was scary. We knew the plan might change. The court had to "
                "look at whether her birth family could care for her, and that was right.</p>"
                "<p><strong>Chris:</strong> But we kept coming back to one thing. She needed someone to love "
                "her right then, not in a year's time. If we could give her that, it was worth the risk for "
                "us.</p>"
                "<p><strong>Hannah:</strong> We took her to see her birth mum three times a week at first. "
                "That was hard in ways I didn't expect. But I'm glad we did. We got to know her mum a "
                "little. One day our daughter will ask about her, and I'll be able to tell her what her mum "
                "was like, and that she loved her.</p>"
                "<p><strong>Chris:</strong> Our social worker was amazing. She rang us every week, sometimes "
                "more. And we had another early permanence couple as buddies, who'd been through it.</p>"
                "<p><strong>Hannah:</strong> It was eleven months before the court made the placement order. "
                "Then we could apply to adopt her. The day the adoption order came through, we went for "
                "pizza. She threw most of hers on the floor.</p>"
                "<p><strong>Chris:</strong> Early permanence isn't for everyone. You have to be okay with "
                "not knowing for a while. But if you think you could do it, please ask about it. Babies need "
                "people who can hold them through the uncertain bit.</p>"
            ),
        },
        "body": [
            (
                "paragraph",
                (
                    "<p>Hannah and Chris live in a town in west Kent. They came to adoption after years of "
                    "fertility treatment. They took some time to grieve and rest before they made their first "
                    "call to us.</p>"
                    "<p>“We needed that break,” says Hannah. “We wanted to come to adoption because we really "
                    "wanted it, not as a plan B.”</p>"
                ),
            ),
            ("heading", {"text": "What is early permanence?", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>Early permanence means a baby or young child goes to live with carers who are approved "
                    "as both adopters and foster carers. The child moves in while the court is still deciding "
                    "their future. If the court decides the child should be adopted, the carers can then adopt "
                    "them.</p>"
                    "<p>This means a child can stay with the same people from very early on. They don't have to "
                    "move from a foster family to an adoptive family later.</p>"
                    "<p>In most cases, the court decides that adoption is right for the child. But not always. "
                    "Sometimes a child goes back to their birth family, and early permanence carers need to be "
                    "ready for that possibility.</p>"
                ),
            ),
            (
                "quote",
                {
                    "quote": "We kept telling ourselves: this is about what she needs, not what we need.",
                    "attribution": "Chris",
                },
            ),
            ("heading", {"text": "Deciding it was right for us", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>Hannah and Chris heard about early permanence at preparation training. At first, Chris "
                    "was sure it wasn't for them. “After everything we'd been through, I didn't think I could "
                    "cope with more uncertainty,” he says.</p>"
                    "<p>Then they met a couple who had done it. “They didn't sugar-coat anything,” says Hannah. "
                    "“But they said the hard parts were about them, the adults. For the baby, it was the best "
                    "start she could have.”</p>"
                    "<p>During stage two, their social worker helped them think through what it would mean. This "
                    "included taking the baby to family time with her birth parents, and living with not knowing "
                    "for many months.</p>"
                    "<p>Their social worker was clear that early permanence carers are there for the child "
                    "first. “She told us, your job is to love her as if she's staying, and to support her family "
                    "while the court decides,” says Chris. “That helped us get our heads around it.”</p>"
                ),
            ),
            ("heading", {"text": "The waiting", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>Their daughter arrived at nine days old. For almost a year, they were her foster carers. "
                    "They went to reviews, kept a diary of her milestones and took her to see her birth mum.</p>"
                    "<p>“There's no getting around it, the wait was hard,” says Hannah. “We tried to live one "
                    "week at a time. We also made sure we had people to talk to. Our social worker and our buddy "
                    "couple were a lifeline.”</p>"
                    "<p>When the court made a placement order, Hannah and Chris were formally matched with her. "
                    "A few months later, they applied for an adoption order.</p>"
                    "<p>Hannah also made a memory box for their daughter's birth mum, with copies of photos from "
                    "her first months. “Whatever happened, I wanted her mum to have those moments,” she says. "
                    "“It felt like the right thing to do for both of them.”</p>"
                ),
            ),
            ("heading", {"text": "Looking back", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>Their daughter is now two. She is happy, bossy and obsessed with ducks. Hannah and Chris "
                    "send a letter to her birth mum once a year through our staying in touch service.</p>"
                    "<p>“She has never had to say goodbye to the people caring for her,” says Chris. “That's "
                    "what early permanence gave her. We'd do it again tomorrow.”</p>"
                ),
            ),
            (
                "callout",
                {
                    "heading": "Could you be an early permanence carer?",
                    "text": (
                        "<p>Early permanence is right for some adopters, not all. We run regular information "
                        'evenings about it. You can also read more in our <a href="/faqs/">questions and '
                        'answers</a> or <a href="/contact/">contact us</a> for a chat.</p>'
                    ),
                    "tone": "info",
                },
            ),
            _NAMES_CHANGED,
        ],
    },
    {
        "slug": "mel-and-steve-our-daughter-with-down-syndrome",
        "title": "Mel and Steve: “Her Down syndrome is part of her, not all of her”",
        "kind": "story",
        "author": "Written by Mel and Steve, who adopted their daughter in 2023",
        "days_ago": 130,
        "summary": (
            "Mel and Steve adopted a four-year-old girl who has Down syndrome. They talk about the support "
            "they had, the myths they heard, and the joy she brings."
        ),
        "tags": ["Disability"],
        "image": "story-mel",
        "featured": False,
        "video": None,
        "body": [
            (
                "paragraph",
                (
                    "<p>Mel is a hairdresser. Steve works for the council. They live in Gillingham with their "
                    "daughter, who is now seven. She loves music, trampolines and the seaside.</p>"
                    "<p>She also has Down syndrome.</p>"
                ),
            ),
            ("heading", {"text": "Open to a child with extra needs", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>Mel's younger brother has a learning disability. She grew up going to appointments with "
                    "him and helping him with his reading.</p>"
                    "<p>“So when our social worker asked what needs we felt we could meet, I didn't panic,” Mel "
                    "says. “I knew it wasn't always easy. But I also knew how much fun my brother was, and how "
                    "much he added to our family.”</p>"
                    "<p>Steve was less sure at first. “I didn't know much about disability,” he admits. “Our "
                    "social worker found us some training, and we talked to a family who'd adopted a child with "
                    "Down syndrome. That helped me see the child first.”</p>"
                ),
            ),
            (
                "quote",
                {
                    "quote": (
                        "People said, ‘Aren't you brave?’ We're not brave. We're her mum and dad. We just do "
                        "what parents do."
                    ),
                    "attribution": "Mel",
                },
            ),
            ("heading", {"text": "Meeting our daughter", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>Their daughter had been waiting for a family for some time. Her foster carer had looked "
                    "after her since she was a baby and knew her very well.</p>"
                    "<p>“Her foster carer gave us a notebook,” says Steve. “It had everything in it. Her "
                    "favourite songs, how she likes her toast, the signs she uses when she's tired. We still "
                    "have it.”</p>"
                    "<p>Before she moved in, our team arranged meetings with her nursery, her speech and "
                    "language therapist and her health visitor. Mel and Steve met everyone who would be part of "
                    "her life.</p>"
                ),
            ),
            (
                "image",
                {
                    "image": "story-mel-kitchen",
                    "caption": (
                        "Mealtimes are a big part of family life. Their daughter now sets the table every "
                        "evening."
                    ),
                    "alt": (
                        "An illustration of a kitchen table with three mugs and a bowl of fruit, below a sunny "
                        "window"
                    ),
                },
            ),
            ("heading", {"text": "The support we get", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>Mel and Steve had an adoption support plan before their daughter moved in. It set out "
                    "who would help with what. This included her health care, her education and support for them "
                    "as parents.</p>"
                    "<p>Their daughter has an education, health and care plan at school. Mel and Steve also go "
                    "to a local group for parents of children with Down syndrome, as well as our adoption "
                    "support events.</p>"
                    "<p>“We're not on our own with it,” says Steve. “If something comes up, we know who to "
                    "ring.”</p>"
                    "<p>The first year still had its challenges. Their daughter found change hard, and starting "
                    "school was a big step. Mel and Steve made a picture book of her new classroom and her "
                    "teacher, and they practised the walk to school every day in the summer holidays. By "
                    "October, she was waving them off at the gate.</p>"
                ),
            ),
            ("heading", {"text": "Myths we heard", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>Some friends worried that adopting a disabled child would be “too much”. Mel and Steve "
                    "want to set a few things straight.</p>"
                    "<ul>"
                    "<li>Every disabled child is different. A diagnosis tells you a little, not everything.</li>"
                    "<li>You don't need to be an expert. You'll get training and you'll learn as you go.</li>"
                    "<li>You don't have to give up work. Mel still works three days a week.</li>"
                    "<li>It's not all hard. Their daughter is the funniest person in the house.</li>"
                    "</ul>"
                    "<p>Their advice to anyone thinking about it? “Be honest with your social worker about what "
                    "you can manage,” says Mel. “There's no right or wrong answer. But don't rule out a child "
                    "just because of a word on a form. Ask to know more.”</p>"
                    "<p><em>Names and some details in this story have been changed to protect the family's "
                    "privacy.</em></p>"
                ),
            ),
        ],
    },
    {
        "slug": "kirsty-growing-up-adopted",
        "title": "Kirsty: what growing up adopted taught me",
        "kind": "story",
        "author": "Written by Kirsty, who was adopted with her brother when she was five",
        "days_ago": 160,
        "summary": (
            "Kirsty was adopted with her little brother in the 1990s. Now in her thirties, she reflects on "
            "identity, her birth family and what she'd like adopters to know."
        ),
        "tags": ["Sibling groups", "Older children"],
        "image": "story-kirsty",
        "featured": False,
        "video": None,
        "body": [
            (
                "paragraph",
                (
                    "<p>I was five when my brother and I moved in with Mum and Dad. He was two. I don't remember "
                    "much about the day itself. I do remember a blue bedroom, a bowl of tomato soup and my new "
                    "mum sitting on the stairs outside our door until we fell asleep.</p>"
                    "<p>I'm 34 now. I have a job I love and a little boy of my own. I've been asked to write "
                    "about what being adopted means to me. It's not a simple answer, but I'll try.</p>"
                ),
            ),
            ("heading", {"text": "Being the big sister", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>Before we were adopted, I was the one who looked after my brother. I was five, and I "
                    "thought it was my job to make sure he ate. It took me a long time to trust that Mum and Dad "
                    "would do that now.</p>"
                    "<p>I'm so grateful we were adopted together. Whatever else was going on, I always had him. "
                    "Even now, he's the only person who remembers the same things I do.</p>"
                    "<p>Mum told me later that I hid bread rolls in my pillowcase for the first few months. She "
                    "never told me off. She just put a basket of snacks on the landing and said it would always "
                    "be there. I think that basket did more than any words could.</p>"
                ),
            ),
            (
                "quote",
                {
                    "quote": (
                        "My parents never pretended my life started the day I arrived. That honesty is the best "
                        "thing they ever gave me."
                    ),
                    "attribution": "Kirsty",
                },
            ),
            ("heading", {"text": "Talking about where I came from", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>Mum and Dad talked about adoption from the start. It was never a big secret or a big "
                    "announcement. It was just part of our story, like the fact that Dad can't whistle.</p>"
                    "<p>We had a life story book that we looked at when I wanted to. There were photos of my "
                    "birth mum and a letter she wrote. As a teenager I was angry for a while, mostly at her, "
                    "sometimes at Mum and Dad, sometimes at everyone. They let me be angry. They didn't take it "
                    "personally, or if they did, they hid it well.</p>"
                ),
            ),
            ("heading", {"text": "Finding out more as an adult", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>When I was 22, I asked to see my adoption records. Adopted adults in England can ask for "
                    "this, and there is support to help you through it. A counsellor sat with me "
                    "while I read them. Some of it was hard. Some of it filled in gaps I'd wondered about for "
                    "years.</p>"
                    "<p>I haven't met my birth mum. I might one day. Mum and Dad have said they'll support me "
                    "whatever I decide, and I believe them.</p>"
                ),
            ),
            ("heading", {"text": "What I'd say to adopters", "level": "h2"}),
            (
                "paragraph",
                (
                    "<ul>"
                    "<li>Talk about adoption early and often. Make it an ordinary word in your house.</li>"
                    "<li>Let your child have big feelings about their birth family, including love.</li>"
                    "<li>Keep brothers and sisters connected if you possibly can.</li>"
                    "<li>Look after yourself. Your child needs you to have enough left in the tank.</li>"
                    "<li>Don't expect gratitude. We didn't choose this. But we can grow up loved anyway.</li>"
                    "</ul>"
                ),
            ),
            ("heading", {"text": "Family", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>Last Christmas, my son sat on my dad's knee and asked him to whistle. Dad tried. "
                    "Everyone laughed. I looked around the table and thought: this is my family. It didn't start "
                    "the usual way, but it's real, and it's mine.</p>"
                    "<p><em>Kirsty is a member of our adopted adults' advisory group, which helps us improve our "
                    "work. Names and some details in this story have been changed to protect the family's "
                    "privacy.</em></p>"
                ),
            ),
        ],
    },
    {
        "slug": "our-first-year-as-a-family-of-three",
        "title": "Our first year: a blog from a new mum of two",
        "kind": "blog",
        "author": "Written by Nadia, who adopted two sisters in 2025",
        "days_ago": 35,
        "summary": (
            "Nadia adopted two sisters on her own. A year on, she looks back at the tears, the tantrums, "
            "the tiny wins and what she wishes she'd known."
        ),
        "tags": ["Single adopters", "Sibling groups"],
        "image": "blog-first-year",
        "featured": False,
        "video": None,
        "body": [
            (
                "paragraph",
                (
                    "<p>A year ago today, two little girls walked through my front door in Bexleyheath with "
                    "their rucksacks, a toy rabbit each and a lot of questions. They were three and five. I was "
                    "39, single and terrified.</p>"
                    "<p>I promised myself I'd write down what the first year was really like. Not the Instagram "
                    "version. The real one. So here it is.</p>"
                ),
            ),
            ("heading", {"text": "Months one to three: survival mode", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>Everyone told me about the honeymoon period. We didn't have one. The girls were "
                    "unsettled from day one, which makes total sense. Their whole world had changed again.</p>"
                    "<p>My youngest woke every night. My eldest wouldn't let me out of her sight, even to go to "
                    "the loo. I lived on toast and coffee. I cried in the shower, where nobody could hear.</p>"
                    "<p>What helped most was routine. Same breakfast, same walk, same bedtime story. Boring for "
                    "me. Gold dust for them.</p>"
                    "<p>My mum came to stay for the second week. A friend from preparation training rang every "
                    "evening at 8pm on the dot. I didn't always pick up. But knowing she would call helped.</p>"
                ),
            ),
            ("heading", {"text": "Months four to six: small wins", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>Around month four, something shifted. My eldest started school and came home with a "
                    "painting. It was a house with three people and a very large cat. We don't have a cat. But I "
                    "still cried.</p>"
                    "<p>My youngest said “Mummy” for the first time without looking at her sister first to check "
                    "it was allowed.</p>"
                    "<p>We also had our first review meeting. Our social worker visited regularly, and I started "
                    "to see how far we'd come.</p>"
                ),
            ),
            (
                "quote",
                {
                    "quote": (
                        "Nobody tells you that the first time your child runs to you when they're hurt, you'll "
                        "feel like you've won an Olympic medal."
                    ),
                    "attribution": "Nadia",
                },
            ),
            ("heading", {"text": "Months seven to twelve: the adoption order and real life", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>We got our adoption order in the spring. Legally, the girls were now mine. We had a "
                    "celebration hearing at the court, where the judge let them bang the gavel. They talked "
                    "about it for weeks.</p>"
                    "<p>Honestly, day to day, not much changed. We were already a family. But something in me "
                    "relaxed. I stopped feeling like I was borrowing them.</p>"
                    "<p>Now we have ordinary problems. Who had the blue cup. Why we can't have pizza every "
                    "night. Whether the tooth fairy takes teeth that were swallowed. (She does. She has her "
                    "ways.)</p>"
                    "<p>There are still hard days. Birthdays and Mother's Day can bring up big feelings about "
                    "their birth family. I've learned to expect that and make space for it.</p>"
                ),
            ),
            ("heading", {"text": "What I wish I'd known", "level": "h2"}),
            (
                "paragraph",
                (
                    "<ul>"
                    "<li><strong>Accept every offer of help.</strong> Yes, even the neighbour who offers to walk "
                    "the bins down.</li>"
                    "<li><strong>Lower your standards.</strong> The house will be messy. Nobody cares.</li>"
                    "<li><strong>Find your people.</strong> The single adopters' coffee morning saved me.</li>"
                    "<li><strong>Ask for support early.</strong> You don't have to wait for a crisis to call the "
                    "adoption support team.</li>"
                    "<li><strong>Look after yourself.</strong> You can't pour from an empty cup.</li>"
                    "</ul>"
                ),
            ),
            ("heading", {"text": "A year on", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>Would I do it again? In a heartbeat. Being a single parent to two girls who've had a "
                    "tough start is the hardest job I've ever had. It's also the best.</p>"
                    "<p>If you're reading this and thinking about adoption, come to an "
                    '<a href="/events/">information evening</a>. I went to one “just to find out more” three '
                    "years ago. Look where it got me.</p>"
                    "<p><em>Names and some details in this story have been changed to protect the family's "
                    "privacy.</em></p>"
                ),
            ),
        ],
    },
    {
        "slug": "what-preparation-training-is-really-like",
        "title": "What preparation training is really like",
        "kind": "blog",
        "author": "Written by Lewis, who is going through stage two with his partner Amira",
        "days_ago": 190,
        "summary": (
            "Lewis was nervous about preparation training. He thought it would feel like a test. "
            "Here's what actually happened over three days, and why it changed his plans."
        ),
        "tags": ["Early permanence"],
        "image": "blog-preparation-training",
        "featured": False,
        "video": None,
        "body": [
            (
                "paragraph",
                (
                    "<p>When our stage one plan said “preparation training: three days”, my stomach dropped. I "
                    "pictured a classroom, a test at the end and someone with a clipboard watching our every "
                    "move.</p>"
                    "<p>My partner Amira and I aren't married. We'd worried that might count against us. It "
                    "didn't. And the training was nothing like I'd imagined.</p>"
                ),
            ),
            ("heading", {"text": "Day one: why children need adoption", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>There were twelve of us. Couples, single people, a man in his sixties and a woman who "
                    "already had three birth children. The trainers were two social workers and an adopter who "
                    "had adopted two boys.</p>"
                    "<p>We learned why children come into care. Most have lived through neglect or harm. Some "
                    "have been moved many times. It was hard to hear. But the trainers were careful and kind, "
                    "and we had plenty of breaks.</p>"
                    "<p>By lunchtime, the nerves had gone. Everyone was in the same boat. The man in his sixties "
                    "turned out to be a retired headteacher with a brilliant sense of humour, and he kept us all "
                    "going.</p>"
                ),
            ),
            ("heading", {"text": "Day two: attachment and trauma", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>This was the day that changed how I think about parenting. We learned how a baby's early "
                    "experiences shape their brain. A child who learned that adults can't be trusted might push "
                    "you away when they need you most.</p>"
                    "<p>We did an exercise where we wrote down everything we'd lost in a pretend move. Our home. "
                    "Our friends. Our favourite mug. Then the trainer said, “Now imagine you're four, and nobody "
                    "explained why.” The room went very quiet.</p>"
                ),
            ),
            (
                "quote",
                {
                    "quote": (
                        "I walked in thinking love would be enough. I walked out knowing love is the start, not "
                        "the whole thing."
                    ),
                    "attribution": "Lewis",
                },
            ),
            ("heading", {"text": "Day three: life as an adoptive family", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>On the last day, a panel of adopters came in. They answered every question we threw at "
                    "them. How do you explain adoption to a toddler? What do you say to nosy strangers in the "
                    "supermarket? Does it ever get easier? (Their answer: yes, and then sometimes no, and then "
                    "yes again.)</p>"
                    "<p>We also learned about staying in touch with birth families, life story work and the "
                    "adoption support that's there after a child moves in.</p>"
                    "<p>One adopter said the thing that helped her most was her social worker telling her it was "
                    "OK not to love her child straight away. Love can grow. I wrote that down and underlined it "
                    "twice.</p>"
                ),
            ),
            ("heading", {"text": "The session that changed our plans", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>An early permanence carer spoke about fostering a baby before the court had decided if "
                    "he could be adopted. Amira and I had never considered it. We'd always said we wanted "
                    "certainty.</p>"
                    "<p>On the drive home, we talked about nothing else. We're now being assessed as early "
                    "permanence carers in stage two. We might change our minds again. But we're glad we know "
                    "it's an option.</p>"
                ),
            ),
            ("heading", {"text": "My tips if you're about to start", "level": "h2"}),
            (
                "paragraph",
                (
                    "<ol>"
                    "<li>Bring a notebook. There's a lot to take in.</li>"
                    "<li>Ask the questions you think are stupid. Someone else is thinking them too.</li>"
                    "<li>Swap numbers with the group. You'll want people who get it.</li>"
                    "<li>Plan something gentle for the evenings. It can be emotional.</li>"
                    "<li>Remember nobody is marking you. It's there to help you.</li>"
                    "</ol>"
                    "<p>If you're just starting out, you can read about each step of "
                    '<a href="/adoption-journey/">the adoption journey</a>, including how long it takes.</p>'
                    "<p><em>Names and some details in this story have been changed to protect the family's "
                    "privacy.</em></p>"
                ),
            ),
        ],
    },
    {
        "slug": "sue-and-pete-from-foster-carers-to-mum-and-dad",
        "title": "Sue and Pete: from foster carers to Mum and Dad",
        "kind": "story",
        "author": "Written by Sue and Pete, foster carers who adopted their son in 2023",
        "days_ago": 240,
        "summary": (
            "Sue and Pete had fostered for ten years. When the little boy in their care needed a permanent "
            "home, they took the fast-track route to adopt him."
        ),
        "tags": ["Older children"],
        "image": "story-sue-pete",
        "featured": False,
        "video": None,
        "body": [
            (
                "paragraph",
                (
                    "<p>Sue and Pete live in Erith. They have been foster carers for ten years and have looked "
                    "after more than twenty children. Most stayed for a few months. One stayed for good.</p>"
                    "<p>The boy came to them when he was four. The plan was for him to stay a short while. But "
                    "as the months went by, it became clear he could not go back to his birth family.</p>"
                    "<p>“His social worker started talking about finding him an adoptive family,” says Sue. "
                    "“Pete and I looked at each other across the kitchen table, and we both knew. He already had "
                    "a family. It was us.”</p>"
                ),
            ),
            (
                "quote",
                {
                    "quote": (
                        "We'd always said we were foster carers, not adopters. Then we met a little boy who "
                        "changed our minds."
                    ),
                    "attribution": "Pete",
                },
            ),
            ("heading", {"text": "The fast track for foster carers", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>Because Sue and Pete were already approved foster carers, they could use the fast-track "
                    "route. This means you skip stage one. You go straight to stage two, the assessment, which "
                    "takes about four months.</p>"
                    "<p>“We'd done so much training over the years, and our checks were up to date,” says Pete. "
                    "“So it felt sensible not to start from scratch.”</p>"
                    "<p>Stage two was still a proper assessment. Their social worker talked to them about the "
                    "difference between fostering and adopting. As adopters, they would have full parental "
                    "responsibility. They would make the big decisions, and they would be his parents for "
                    "life.</p>"
                ),
            ),
            ("heading", {"text": "Thinking about the other children", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>One of the hardest questions was about fostering. Could they carry on fostering other "
                    "children while giving their son what he needed?</p>"
                    "<p>“We decided to stop fostering for a year,” says Sue. “He needed to know he was staying, "
                    "and that other children coming and going didn't mean he might go too. We've started again "
                    "now, but only short breaks for now.”</p>"
                    "<p>They also thought about the children who had stayed with them before. Some still send "
                    "cards or visit. “We didn't want anyone to feel they mattered less,” says Pete. “So we told "
                    "them ourselves, and they were really happy for him.”</p>"
                ),
            ),
            ("heading", {"text": "Making it official", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>Sue and Pete were approved at panel and then matched with their son. Because he already "
                    "lived with them, there were no introductions. Instead, his social worker helped them "
                    "explain what adoption meant, using pictures and a story about a boat that found its "
                    "harbour.</p>"
                    "<p>They applied for an adoption order soon after. He was six when it was granted. He chose "
                    "to take their surname and asked for a chocolate cake with his new name on it.</p>"
                    "<p>Their son's grandmother had visited him regularly while he was in foster care. Everyone "
                    "agreed those visits should carry on a few times a year, with support from our team.</p>"
                ),
            ),
            ("heading", {"text": "Life now", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>Their son is now eight. He loves flying kites on the marshes, Lego and his grandma's "
                    "roast potatoes. He still sees his older half-sister, who lives with another family, every "
                    "few months.</p>"
                    "<p>“If you're a foster carer and you think you might want to adopt a child in your care, "
                    "talk to your social worker early,” says Pete. “The sooner everyone knows, the better it is "
                    "for the child.”</p>"
                ),
            ),
            (
                "callout",
                {
                    "heading": "Are you a foster carer or have you adopted before?",
                    "text": (
                        "<p>Approved foster carers and people who have adopted before can usually use the "
                        'fast-track route and skip stage one. <a href="/contact/">Contact us</a> to find out '
                        "more.</p>"
                    ),
                    "tone": "info",
                },
            ),
            _NAMES_CHANGED,
        ],
    },
    {
        "slug": "jas-and-harry-adopting-as-a-deaf-parent",
        "title": "Jas and Harry: adopting as a Deaf parent",
        "kind": "story",
        "author": "Written by Jas and Harry, who adopted their son in 2024",
        "days_ago": 300,
        "summary": (
            "Jas is Deaf and uses British Sign Language. She and Harry share how the adoption process worked "
            "for them, and how their son is growing up with two languages."
        ),
        "tags": ["Disability"],
        "image": "story-jas-harry",
        "featured": False,
        "video": None,
        "body": [
            (
                "paragraph",
                (
                    "<p>Jas has been Deaf since birth. Her first language is British Sign Language (BSL). Her "
                    "husband Harry is hearing and signs fluently. They live near Dartford and adopted their son "
                    "when he was 18 months old.</p>"
                ),
            ),
            ("heading", {"text": "“Would they see me as a risk?”", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>Jas had one big worry before they got in touch. “I was scared they would think a Deaf "
                    "mum couldn't keep a child safe,” she signs. “That they wouldn't see past it.”</p>"
                    "<p>She needn't have worried. Being disabled does not stop you from adopting. What matters "
                    "is whether you can meet a child's needs, with the right support around you.</p>"
                    "<p>“Our social worker asked practical questions,” says Harry. “How would Jas know if the "
                    "baby was crying at night? We showed her our vibrating alarm and the baby monitor that "
                    "flashes a light. She wrote it all down and that was that.”</p>"
                ),
            ),
            (
                "quote",
                {
                    "quote": (
                        "They didn't treat my deafness as a problem to solve. They treated it as part of who I "
                        "am, and part of what I could offer a child."
                    ),
                    "attribution": "Jas",
                },
            ),
            ("heading", {"text": "Making the process accessible", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>We booked BSL interpreters for every meeting, training day and home visit. Jas also "
                    "asked for written summaries after each visit, so she could check nothing had been "
                    "missed.</p>"
                    "<p>“At preparation training, the interpreters were brilliant,” Jas says. “Other people in "
                    "the group started learning a few signs at lunch. By the last day, they could all sign "
                    "‘coffee’.”</p>"
                    "<p>At panel, Jas had an interpreter too. The panel members spoke directly to her, not to "
                    "the interpreter. “That sounds small,” she says, “but it meant a lot.”</p>"
                ),
            ),
            ("heading", {"text": "A good match", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>Their son was living with foster carers. He had some hearing loss in one ear, and "
                    "doctors weren't yet sure if it might get worse.</p>"
                    "<p>Introductions took just over a week. His foster carer, who didn't sign, learned a few "
                    "simple signs before they met, like “hello”, “drink” and “all done”. Jas used them too. “On "
                    "the third day, he signed ‘all done’ to me after lunch,” she says. “I had to go into the "
                    "garden for a minute because I was crying.”</p>"
                    "<p>“When we read his profile, it felt right,” says Harry. “Whatever happens with his "
                    "hearing, he'll grow up in a home where signing is normal. He'll never feel left out at the "
                    "dinner table.”</p>"
                ),
            ),
            ("heading", {"text": "Growing up with two languages", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>Their son is now three. He signs and speaks, often at the same time. He signs “milk” and "
                    "“more” with great enthusiasm, and he has started correcting his dad's signing.</p>"
                    "<p>Jas and Harry go to a local support group for adoptive parents, and Jas meets up with "
                    "other Deaf parents online. “Everyone needs a support network,” she says. “Mine just has "
                    "more signing in it.”</p>"
                    "<p>Staff at his nursery have started learning simple signs, so he can use whichever "
                    "language he likes. “He's already a better signer than I was at twenty,” Harry laughs.</p>"
                ),
            ),
            ("heading", {"text": "Their advice", "level": "h2"}),
            (
                "paragraph",
                (
                    "<ul>"
                    "<li>Tell us early what you need, like interpreters, captions or documents in large "
                    "print.</li>"
                    "<li>Think about the practical things, and show how you'll manage them.</li>"
                    "<li>Don't let worry stop you making that first contact.</li>"
                    "</ul>"
                    '<p>You can <a href="/contact/">contact us</a> by email, by phone or through Relay UK, and '
                    "we will arrange a BSL interpreter for any meeting if you need one.</p>"
                    "<p><em>Names and some details in this story have been changed to protect the family's "
                    "privacy.</em></p>"
                ),
            ),
        ],
    },
]

VENUES = [
    {
        "key": "maidstone-oakfield",
        "name": "Oakfield House, Maidstone",
        "area": "kent",
        "address": "Oakfield House, 12 Hopgarden Lane",
        "town": "Maidstone",
        "postcode": "ME14 9ZZ",
        "access_notes": (
            "Step-free entrance with automatic doors. The meeting room is on the ground floor. There is an "
            "accessible toilet and a hearing loop. Free parking on site, including 4 blue badge spaces. "
            "The nearest bus stop is a 5-minute walk away."
        ),
    },
    {
        "key": "canterbury-wheatsheaf",
        "name": "Wheatsheaf Community Centre, Canterbury",
        "area": "kent",
        "address": "Wheatsheaf Community Centre, 3 Cherry Orchard Walk",
        "town": "Canterbury",
        "postcode": "CT1 9ZY",
        "access_notes": (
            "Level access from the car park. All rooms are on the ground floor. Accessible toilet and baby "
            "changing. Portable hearing loop on request. Pay and display parking next door; 2 blue badge "
            "spaces by the entrance."
        ),
    },
    {
        "key": "chatham-riverside",
        "name": "Riverside Family Centre, Chatham",
        "area": "medway",
        "address": "Riverside Family Centre, 40 Anchor Wharf Road",
        "town": "Chatham",
        "postcode": "ME4 9ZX",
        "access_notes": (
            "Step-free access and a lift to the first-floor meeting room. Accessible toilet on both floors. "
            "Hearing loop in the main hall. Limited free parking; the bus station is a 7-minute walk."
        ),
    },
    {
        "key": "rochester-castleview",
        "name": "Castleview Hall, Rochester",
        "area": "medway",
        "address": "Castleview Hall, 7 Bridgewater Street",
        "town": "Rochester",
        "postcode": "ME1 9ZW",
        "access_notes": (
            "Ramp at the side entrance (please ring the bell). Ground-floor hall with an accessible toilet. "
            "There is a quiet room for anyone who needs a break. On-street parking nearby; Rochester station "
            "is a 10-minute walk."
        ),
    },
    {
        "key": "bexleyheath-broadway",
        "name": "Broadway House, Bexleyheath",
        "area": "bexley",
        "address": "Broadway House, 22 Linden Parade",
        "town": "Bexleyheath",
        "postcode": "DA6 9ZV",
        "access_notes": (
            "Step-free entrance and a lift to all floors. Accessible toilet and hearing loop in every "
            "meeting room. No parking on site; there is a public car park 3 minutes away with blue badge "
            "spaces. Several bus routes stop outside."
        ),
    },
    {
        "key": "sidcup-hollybank",
        "name": "Hollybank Community Hall, Sidcup",
        "area": "bexley",
        "address": "Hollybank Community Hall, 15 Marlowe Road",
        "town": "Sidcup",
        "postcode": "DA14 9ZU",
        "access_notes": (
            "Level access through the main doors. Everything is on one floor. Accessible toilet and baby "
            "changing. Free car park with 3 blue badge spaces. Sidcup station is a 12-minute walk."
        ),
    },
    {
        "key": "online",
        "name": "Online (Microsoft Teams)",
        "area": "online",
        "address": "",
        "town": "",
        "postcode": "",
        "access_notes": (
            "We'll email you a link the day before. You can join on a computer, tablet or phone, and you "
            "don't need an account. Live captions are on. You can keep your camera and microphone off and "
            "ask questions in the chat. Tell us when you book if you need a BSL interpreter."
        ),
    },
]

_BOOKING = (
    "callout",
    {
        "heading": "Booking and access",
        "text": (
            "<p>Events are free, but places are limited, so please book. Tell us when you book if you need "
            "anything to help you take part, like a BSL interpreter, a hearing loop or step-free access. "
            "You can see access details for each venue on this page.</p>"
        ),
        "tone": "info",
    },
)

_PAST_EVENT_CTA = (
    "call_to_action",
    {
        "heading": "Come to our next event",
        "text": (
            "We run information evenings, training and support groups every month, online and across the "
            "region."
        ),
        "label": "See upcoming events",
        "url": "/events/",
    },
)

_INFO_EVENING_BODY = [
    (
        "paragraph",
        (
            "<p>Our information evenings are a relaxed way to find out about adoption. There's no pressure and "
            "nothing to sign.</p>"
            "<ul>"
            "<li>Our social workers explain who can adopt and what the process involves.</li>"
            "<li>You'll hear from an adopter about what family life is really like.</li>"
            "<li>You can ask questions in the group, or privately at the end.</li>"
            "</ul>"
        ),
    ),
    ("heading", {"text": "Who it's for", "level": "h2"}),
    (
        "paragraph",
        (
            "<p>Anyone who is thinking about adoption, even if you're not sure yet. You're welcome to come on "
            "your own or bring a partner, friend or family member. Please don't bring children, as we talk about "
            "difficult experiences.</p>"
        ),
    ),
    _BOOKING,
]

EVENTS = [
    {
        "slug": "online-information-evening-autumn",
        "title": "Online information evening",
        "event_type": "information_evening",
        "venue": "online",
        "days_from_today": 4,
        "start_time": "19:00",
        "duration_minutes": 90,
        "capacity": 60,
        "summary": (
            "Find out about adoption from the comfort of your sofa. Hear from our social workers and an "
            "adopter, and ask questions in the chat."
        ),
        "body": [
            (
                "paragraph",
                (
                    "<p>Join us online to find out whether adoption could be right for you. We'll explain who "
                    "can adopt, how the process works and how long it takes. An adopter will share their "
                    "story.</p>"
                    "<p>You can keep your camera off and ask questions in the chat, by name or anonymously.</p>"
                ),
            ),
            ("heading", {"text": "Who it's for", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>Anyone living in or near Kent, Medway or Bexley who is thinking about adoption. You "
                    "don't need to have made any decisions.</p>"
                ),
            ),
            _BOOKING,
        ],
    },
    {
        "slug": "maidstone-information-evening",
        "title": "Information evening in Maidstone",
        "event_type": "information_evening",
        "venue": "maidstone-oakfield",
        "days_from_today": 11,
        "start_time": "18:30",
        "duration_minutes": 120,
        "capacity": 40,
        "summary": (
            "Meet our team and adopters face to face at our Maidstone office. Tea, coffee and honest answers "
            "to your questions about adoption."
        ),
        "body": _INFO_EVENING_BODY,
    },
    {
        "slug": "chatham-information-evening",
        "title": "Information evening in Chatham",
        "event_type": "information_evening",
        "venue": "chatham-riverside",
        "days_from_today": 18,
        "start_time": "18:30",
        "duration_minutes": 120,
        "capacity": 35,
        "summary": (
            "Thinking about adoption? Come along to our Chatham information evening to hear how it works and "
            "meet people who have adopted."
        ),
        "body": _INFO_EVENING_BODY,
    },
    {
        "slug": "sidcup-information-evening",
        "title": "Information evening in Sidcup",
        "event_type": "information_evening",
        "venue": "sidcup-hollybank",
        "days_from_today": 25,
        "start_time": "19:00",
        "duration_minutes": 120,
        "capacity": 35,
        "summary": (
            "Our Bexley information evening is a friendly, no-pressure way to learn about adoption and ask "
            "anything you like."
        ),
        "body": _INFO_EVENING_BODY,
    },
    {
        "slug": "preparation-training-bexleyheath",
        "title": "Preparation training: understanding children's needs",
        "event_type": "preparation_training",
        "venue": "bexleyheath-broadway",
        "days_from_today": 32,
        "start_time": "09:30",
        "duration_minutes": 360,
        "capacity": 16,
        "summary": (
            "A day of preparation training for households in stage one. Learn how early experiences affect "
            "children, and hear from adopters."
        ),
        "body": [
            (
                "paragraph",
                (
                    "<p>This is one of the training days you'll go to during stage one. We'll look at:</p>"
                    "<ul>"
                    "<li>why children come into care and what they may have been through</li>"
                    "<li>how early experiences shape children's feelings and behaviour</li>"
                    "<li>how to help a child feel safe and settled</li>"
                    "</ul>"
                    "<p>An experienced adopter joins us in the afternoon to answer your questions.</p>"
                ),
            ),
            ("heading", {"text": "Who it's for", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>Households who have registered with us and are in stage one. Your social worker will "
                    "invite you and help you choose dates. If you're not at this stage yet, come to an "
                    "information evening first.</p>"
                    "<p><strong>What to bring:</strong> something to write with, and anything you need to be "
                    "comfortable. We'll provide lunch, so please tell us about any dietary needs. Some topics "
                    "can be upsetting. You can take a break whenever you need one.</p>"
                ),
            ),
            _BOOKING,
        ],
    },
    {
        "slug": "rochester-coffee-and-chat",
        "title": "Coffee and chat for adoptive families",
        "event_type": "social_event",
        "venue": "rochester-castleview",
        "days_from_today": 39,
        "start_time": "10:00",
        "duration_minutes": 120,
        "capacity": 25,
        "summary": (
            "A relaxed morning for adoptive parents to meet, share tips and support each other. Our adoption "
            "support workers will be there too."
        ),
        "body": [
            (
                "paragraph",
                (
                    "<p>Grab a coffee and meet other adoptive parents. There's no agenda. Some people come for a "
                    "chat, some for advice, and some just for a quiet cup of tea with people who understand.</p>"
                    "<p>One of our adoption support workers will be there if you want to talk about anything "
                    "privately.</p>"
                ),
            ),
            ("heading", {"text": "Who it's for", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>Anyone who has adopted, at any stage, whoever you adopted through. Babies and children "
                    "under school age are welcome, and there's a play corner.</p>"
                ),
            ),
            _BOOKING,
        ],
    },
    {
        "slug": "preparation-training-canterbury",
        "title": "Preparation training: life as an adoptive family",
        "event_type": "preparation_training",
        "venue": "canterbury-wheatsheaf",
        "days_from_today": 53,
        "start_time": "09:30",
        "duration_minutes": 360,
        "capacity": 16,
        "summary": (
            "Stage one training covering staying in touch with birth families, life story work and the "
            "support available after a child moves in."
        ),
        "body": [
            (
                "paragraph",
                (
                    "<p>This training day looks at life after a child moves in. We'll cover:</p>"
                    "<ul>"
                    "<li>staying in touch with birth families</li>"
                    "<li>talking with children about adoption and their life story</li>"
                    "<li>looking after yourself and your relationships</li>"
                    "<li>the adoption support you can get, and how to ask for it</li>"
                    "</ul>"
                    "<p>You'll also hear from early permanence carers about what their role involves.</p>"
                ),
            ),
            ("heading", {"text": "Who it's for", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>Households in stage one. Your social worker will book your place. Lunch is provided; "
                    "please tell us about any dietary needs.</p>"
                ),
            ),
            _BOOKING,
        ],
    },
    {
        "slug": "online-support-group-parenting-teenagers",
        "title": "Online support group: parenting adopted teenagers",
        "event_type": "support_group",
        "venue": "online",
        "days_from_today": 67,
        "start_time": "19:30",
        "duration_minutes": 75,
        "capacity": 30,
        "summary": (
            "An evening group for parents of adopted teenagers. Share what's working, what isn't, and get "
            "ideas from other parents and our team."
        ),
        "body": [
            (
                "paragraph",
                (
                    "<p>The teenage years can bring new questions about identity, birth family and belonging. "
                    "This online group is a safe space to talk about it with other parents who get it.</p>"
                    "<p>Each session starts with a short talk from one of our adoption support workers. This "
                    "month it's about social media and contact from birth relatives.</p>"
                ),
            ),
            ("heading", {"text": "Who it's for", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>Adoptive parents and special guardians of young people aged 12 to 18 who live in Kent, "
                    "Medway or Bexley. What you share in the group stays in the group.</p>"
                ),
            ),
            _BOOKING,
        ],
    },
    {
        "slug": "online-early-permanence-information-evening",
        "title": "Online information evening: early permanence",
        "event_type": "information_evening",
        "venue": "online",
        "days_from_today": 81,
        "start_time": "19:00",
        "duration_minutes": 90,
        "capacity": 50,
        "summary": (
            "Find out about early permanence, where babies and young children live with you while the court "
            "decides their future. Hear from carers who have done it."
        ),
        "body": [
            (
                "paragraph",
                (
                    "<p>Early permanence means caring for a baby or young child as their foster carer while the "
                    "court decides their future. If the court decides they should be adopted, you can adopt "
                    "them.</p>"
                    "<p>At this session, you'll hear how early permanence works, what support you get, and how "
                    "to cope with not knowing. Two early permanence carers will talk honestly about their "
                    "experience.</p>"
                ),
            ),
            ("heading", {"text": "Who it's for", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>Anyone thinking about adoption who would like to know more about early permanence. You "
                    "can be at any stage, including already approved.</p>"
                ),
            ),
            _BOOKING,
        ],
    },
    {
        "slug": "chatham-siblings-information-evening",
        "title": "Information evening in Chatham: adopting brothers and sisters",
        "event_type": "information_evening",
        "venue": "chatham-riverside",
        "days_from_today": 115,
        "start_time": "18:30",
        "duration_minutes": 120,
        "capacity": 35,
        "summary": (
            "Brothers and sisters often wait longest for a family. Find out what it's like to adopt "
            "siblings, and the extra support you can get."
        ),
        "body": [
            (
                "paragraph",
                (
                    "<p>Many children waiting for adoption have brothers or sisters. Keeping them together can "
                    "make a huge difference to their lives.</p>"
                    "<p>At this information evening, we'll explain how adopting siblings works. A family who "
                    "adopted three children together will share what helped them, and what they wish they had "
                    "known.</p>"
                ),
            ),
            ("heading", {"text": "Who it's for", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>Anyone thinking about adoption, whether or not you've thought about siblings before. You "
                    "don't need a huge house. We'll talk about what space and support you need.</p>"
                ),
            ),
            _BOOKING,
        ],
    },
    # Past events
    {
        "slug": "online-information-evening-summer",
        "title": "Online information evening",
        "event_type": "information_evening",
        "venue": "online",
        "days_from_today": -12,
        "start_time": "19:00",
        "duration_minutes": 90,
        "capacity": 60,
        "summary": (
            "Our monthly online information evening, with a talk from our team, an adopter's story and time "
            "for your questions."
        ),
        "body": [
            (
                "paragraph",
                (
                    "<p>Our monthly online information evening. We explained who can adopt, how the process "
                    "works and how long it takes, and an adopter shared their story.</p>"
                    '<p>Missed it? We run these every month. See our <a href="/events/">upcoming '
                    "events</a>.</p>"
                ),
            ),
            _PAST_EVENT_CTA,
        ],
    },
    {
        "slug": "canterbury-stay-and-play",
        "title": "Stay and play for adoptive families",
        "event_type": "support_group",
        "venue": "canterbury-wheatsheaf",
        "days_from_today": -40,
        "start_time": "10:00",
        "duration_minutes": 120,
        "capacity": 20,
        "summary": (
            "A morning of play for young adopted children and a cuppa and chat for their parents, with our "
            "adoption support team on hand."
        ),
        "body": [
            (
                "paragraph",
                (
                    "<p>A relaxed stay and play session for adoptive families with children under five. Parents "
                    "chatted while children played, and our adoption support team answered questions.</p>"
                    "<p>We hold stay and play sessions regularly across Kent, Medway and Bexley. See our "
                    '<a href="/events/">upcoming events</a> or read about '
                    '<a href="/adoption-support/">adoption support</a>.</p>'
                ),
            ),
            _PAST_EVENT_CTA,
        ],
    },
    {
        "slug": "bexleyheath-information-evening-spring",
        "title": "Information evening in Bexleyheath",
        "event_type": "information_evening",
        "venue": "bexleyheath-broadway",
        "days_from_today": -75,
        "start_time": "18:30",
        "duration_minutes": 120,
        "capacity": 40,
        "summary": (
            "An evening at our Bexleyheath office to find out about adoption, meet our team and hear from a "
            "local adopter."
        ),
        "body": [
            (
                "paragraph",
                (
                    "<p>Thank you to everyone who came. We talked about who can adopt, the two stages of "
                    "assessment and the support families get after a child moves in.</p>"
                    "<p>Our next Bexley information evening is coming soon. See our "
                    '<a href="/events/">upcoming events</a>.</p>'
                ),
            ),
            _PAST_EVENT_CTA,
        ],
    },
]

FAQ_CATEGORIES = [
    {
        "slug": "who-can-adopt",
        "name": "Who can adopt",
        "description": "Age, relationships, homes, health and other questions about whether you could adopt.",
    },
    {
        "slug": "the-process",
        "name": "The adoption process",
        "description": "What happens at each stage, how long it takes and what we'll ask you.",
    },
    {
        "slug": "the-children",
        "name": "The children who need families",
        "description": "Who the children are, why they need adopting and how matching works.",
    },
    {
        "slug": "money-and-work",
        "name": "Money and work",
        "description": "Costs, adoption leave and pay, and working while you adopt.",
    },
    {
        "slug": "support-after-adoption",
        "name": "Support after adoption",
        "description": "The help your family can get after your child moves in, for as long as you need it.",
    },
    {
        "slug": "about-apse",
        "name": "About us",
        "description": "Who we are, where we work and how to get in touch.",
    },
]

FAQS = [
    # Who can adopt
    {
        "category": "who-can-adopt",
        "question": "How old do I need to be to adopt?",
        "answer_html": (
            "<p>You need to be 21 or over. There is no upper age limit.</p>"
            "<p>What matters is that you have the health and energy to care for a child until they are an "
            "adult, and beyond. Many people adopt in their forties, fifties and sixties. We'll talk with you "
            "about the age of child that would suit your family best.</p>"
        ),
    },
    {
        "category": "who-can-adopt",
        "question": "Can I adopt if I'm single?",
        "answer_html": (
            "<p>Yes. Lots of single people adopt, and they make wonderful parents.</p>"
            "<p>We'll ask about the people around you who can help, like family, friends and neighbours. "
            "Every parent needs support, whether they have a partner or not. You can read "
            '<a href="/stories/">stories from single adopters</a> to find out what it\'s like.</p>'
        ),
    },
    {
        "category": "who-can-adopt",
        "question": "Do we need to be married?",
        "answer_html": (
            "<p>No. You can adopt as a married couple, a couple in a civil partnership or an unmarried "
            "couple who live together.</p>"
            "<p>If you adopt as a couple, you'll be assessed together. We'll want to know your relationship "
            "is stable. We usually ask how long you have lived together, but there is no minimum time set in "
            "law.</p>"
        ),
    },
    {
        "category": "who-can-adopt",
        "question": "Can LGBTQ+ people adopt?",
        "answer_html": (
            "<p>Yes. Lesbian, gay, bisexual, trans and queer people can adopt, on their own or as a couple. "
            "Same-sex couples have been able to adopt together in England since 2005.</p>"
            "<p>We welcome LGBTQ+ adopters and will assess you in exactly the same way as anyone else. Many "
            "LGBTQ+ people have adopted with us and are happy to share their experience.</p>"
        ),
    },
    {
        "category": "who-can-adopt",
        "question": "Can I adopt if I rent my home?",
        "answer_html": (
            "<p>Yes. You don't need to own your home. What matters is that your home is safe and settled.</p>"
            "<p>We'll ask about your tenancy, and whether you are likely to stay there for a while. A child "
            "will usually need their own bedroom, although brothers and sisters can sometimes share.</p>"
        ),
    },
    {
        "category": "who-can-adopt",
        "question": "Will a criminal record stop me from adopting?",
        "answer_html": (
            "<p>Not always. Having a criminal record does not automatically rule you out.</p>"
            "<p>The law does not allow anyone with certain offences to adopt. These include offences against "
            "children and some serious sexual offences. Other convictions, like a driving offence or "
            "something from many years ago, will not necessarily stop you.</p>"
            "<p>Please tell us about any convictions or cautions early on. We'll talk it through with you in "
            "confidence. Being open helps.</p>"
        ),
    },
    {
        "category": "who-can-adopt",
        "question": "I've had fertility treatment. When can I start?",
        "answer_html": (
            "<p>We usually suggest waiting about six months after your fertility treatment ends before you "
            "start the adoption process.</p>"
            "<p>This gives you time to rest and come to terms with everything you've been through. It also "
            "helps you come to adoption with a clear mind. You're very welcome to come to an "
            '<a href="/events/">information evening</a> in the meantime.</p>'
        ),
    },
    {
        "category": "who-can-adopt",
        "question": "Can I adopt if I have a disability or a health condition?",
        "answer_html": (
            "<p>Yes, very often. Being disabled or having a health condition does not stop you adopting.</p>"
            "<p>As part of stage one, you'll have a medical with your GP. Our medical adviser will look at "
            "whether your health might affect your ability to care for a child as they grow up. This "
            "includes mental health. We'll make any reasonable adjustments you need during the process, like "
            "BSL interpreters or documents in other formats.</p>"
        ),
    },
    # The process
    {
        "category": "the-process",
        "question": "How long does it take to adopt?",
        "answer_html": (
            "<p>Getting approved usually takes about six months:</p>"
            "<ul>"
            "<li>stage one takes about 2 months</li>"
            "<li>stage two takes about 4 months</li>"
            "</ul>"
            "<p>After you're approved, the time it takes to be matched with a child varies. It can be a few "
            "weeks or many months. It depends on the children waiting and the children you feel you can care "
            'for. See <a href="/adoption-journey/">the adoption journey</a> for more detail.</p>'
        ),
    },
    {
        "category": "the-process",
        "question": "What happens in stage one?",
        "answer_html": (
            "<p>Stage one usually takes about two months. You lead this stage, with help from us. It "
            "includes:</p>"
            "<ul>"
            "<li>DBS checks and local council checks</li>"
            "<li>references from people who know you well</li>"
            "<li>a medical with your GP</li>"
            "<li>preparation training with other people hoping to adopt</li>"
            "</ul>"
            "<p>At the end, we decide together whether you're ready to move to stage two. You can take a "
            "break of up to six months between the stages if you need one.</p>"
        ),
    },
    {
        "category": "the-process",
        "question": "What happens in stage two?",
        "answer_html": (
            "<p>Stage two usually takes about four months. A social worker will visit you at home several "
            "times. You'll talk about your life, your relationships, your support network and the kind of "
            "child you could care for.</p>"
            "<p>Your social worker writes a Prospective Adopter's Report. You'll see it and can add your own "
            "comments. The report then goes to the adoption panel.</p>"
        ),
    },
    {
        "category": "the-process",
        "question": "What is the adoption panel?",
        "answer_html": (
            "<p>The adoption panel is a group of people with experience of adoption. It often includes "
            "adopters, adopted adults, social workers and a medical adviser.</p>"
            "<p>The panel reads your report and meets you, usually with your social worker. They ask a few "
            "questions and then recommend whether you should be approved. The final decision is made by our "
            "agency decision maker a few days later. Most people find panel far less scary than they "
            "expected.</p>"
        ),
    },
    {
        "category": "the-process",
        "question": "I've adopted before or I'm a foster carer. Is there a quicker route?",
        "answer_html": (
            "<p>Yes. If you've adopted before in England or Wales, or you're an approved foster carer, you "
            "can usually use the fast-track route.</p>"
            "<p>This means you skip stage one and go straight to stage two. Stage two still takes about four "
            'months. <a href="/contact/">Contact us</a> to find out if fast track is right for you.</p>'
        ),
    },
    {
        "category": "the-process",
        "question": "What does registering my interest mean?",
        "answer_html": (
            "<p>When you're ready to start, you register your interest online, on "
            '<a href="/your-adoption/">your own adoption page</a> (sign in with the email address you gave us '
            "when you enquired; we email you a link, there's no password). It formally asks us to begin your "
            "assessment. You can save it and finish it another day.</p>"
            "<p>We'll let you know within 5 working days whether we can accept it. If we can, stage one "
            "begins. If we can't at the moment, we'll explain why and what might change that.</p>"
        ),
    },
    # The children
    {
        "category": "the-children",
        "question": "Which children need adoptive families?",
        "answer_html": (
            "<p>The children we find families for are usually aged under ten. Many are:</p>"
            "<ul>"
            "<li>brothers and sisters who need to stay together</li>"
            "<li>aged four or older</li>"
            "<li>from Black, Asian, mixed or other minority ethnic backgrounds</li>"
            "<li>disabled, or have health needs or developmental delays</li>"
            "</ul>"
            "<p>These children often wait longest. Every child is different, and we'll share as much as we "
            "know about a child before you decide.</p>"
        ),
    },
    {
        "category": "the-children",
        "question": "Why do children need to be adopted?",
        "answer_html": (
            "<p>Children are adopted when a court decides they cannot safely live with their birth family. "
            "Many have experienced neglect, harm or loss early in life.</p>"
            "<p>These early experiences can affect how children feel and behave, sometimes for a long time. "
            "Preparation training will help you understand this. We'll also support you after your child "
            "moves in.</p>"
        ),
    },
    {
        "category": "the-children",
        "question": "How does matching work?",
        "answer_html": (
            "<p>Once you're approved, our family-finding team looks for a child whose needs you can meet. "
            "You can also look at profiles of children waiting and tell us if you're interested.</p>"
            "<p>When a possible match is found, you'll read detailed information about the child and meet "
            "people who know them well. If everyone agrees, the match goes to a matching panel. Then "
            "introductions start, and your child moves in.</p>"
        ),
    },
    {
        "category": "the-children",
        "question": "Will my child stay in touch with their birth family?",
        "answer_html": (
            "<p>Often, yes, in a way that is safe and right for the child. This might be a yearly letter "
            "exchanged through our staying in touch service. Some children see brothers, sisters or other "
            "relatives in person.</p>"
            "<p>We'll agree a plan with you before your child moves in. We'll support you with it and review "
            "it as your child grows.</p>"
        ),
    },
    {
        "category": "the-children",
        "question": "What is early permanence?",
        "answer_html": (
            "<p>Early permanence means a baby or young child lives with you as their foster carer while the "
            "court decides their future. If the court decides they should be adopted, you can adopt them.</p>"
            "<p>It means the child doesn't have to move again. But there is some uncertainty, as a child may "
            "return to their birth family. You'll be approved as both an adopter and a temporary foster "
            "carer, and we'll support you all the way.</p>"
        ),
    },
    # Money and work
    {
        "category": "money-and-work",
        "question": "How much does it cost to adopt?",
        "answer_html": (
            "<p>We don't charge you a fee to adopt a child through us.</p>"
            "<p>You'll have everyday costs, like getting a bedroom ready and the things any child needs. "
            "Depending on your circumstances, you might be able to get some financial help. For example, if "
            "you're adopting brothers and sisters or a child with extra needs. We'll talk with you about "
            "this.</p>"
        ),
    },
    {
        "category": "money-and-work",
        "question": "Do I need a high income to adopt?",
        "answer_html": (
            "<p>No. You don't need to be well off to adopt. Many adopters are on modest incomes or receive "
            "benefits.</p>"
            "<p>We'll look at your finances with you during stage two. We want to make sure you can manage "
            "day to day, and that money worries won't put your family under too much pressure.</p>"
        ),
    },
    {
        "category": "money-and-work",
        "question": "Can I get adoption leave and pay?",
        "answer_html": (
            "<p>If you're an employee, you can usually take up to 52 weeks of adoption leave. You may also "
            "get Statutory Adoption Pay for up to 39 weeks if you meet the rules. Your partner may be able "
            "to take paternity leave, or you could share leave.</p>"
            "<p>Some employers pay more than the legal minimum. Check your contract and search for “adoption "
            "pay and leave” on GOV.UK for the latest rules.</p>"
        ),
    },
    {
        "category": "money-and-work",
        "question": "Can I keep working?",
        "answer_html": (
            "<p>Yes. Most adopters work. Your child will need you to be at home for a while after they move "
            "in, to help them settle. We usually suggest this is at least several months. After that, many "
            "adopters go back to work, often part time at first.</p>"
            "<p>We'll talk about how you'll fit work and family together, including school runs and "
            "appointments.</p>"
        ),
    },
    # Support after adoption
    {
        "category": "support-after-adoption",
        "question": "What support can I get after my child moves in?",
        "answer_html": (
            "<p>Quite a lot. Our adoption support team can offer:</p>"
            "<ul>"
            "<li>advice by phone or email</li>"
            "<li>training and workshops for parents</li>"
            "<li>support groups, coffee mornings and family events</li>"
            "<li>help with life story work and staying in touch with birth family</li>"
            "<li>an assessment of your family's needs, and help to get therapy if it's needed</li>"
            "</ul>"
            "<p>You can ask for support at any time, even years after the adoption. Read more about "
            '<a href="/adoption-support/">adoption support</a>, or <a href="/enquire/?about=support">ask for '
            "support</a> online.</p>"
        ),
    },
    {
        "category": "support-after-adoption",
        "question": "What is the Adoption Support Fund?",
        "answer_html": (
            "<p>It's a government fund that pays for therapy and specialist support for adopted children and "
            "their families in England. Its full name is now the Adoption and Special Guardianship Support "
            "Fund.</p>"
            "<p>You can't apply directly. We'll assess your family's needs first and then apply for you. The "
            "fund can pay for things like therapeutic parenting courses and play or family therapy.</p>"
        ),
    },
    {
        "category": "support-after-adoption",
        "question": "What is life story work?",
        "answer_html": (
            "<p>Life story work helps your child understand their past, in a way that suits their age. Every "
            "child adopted through us has a life story book with photos and information about their early "
            "life. They'll also have a later life letter to read when they're older.</p>"
            "<p>We'll show you how to use these and help you answer your child's questions as they grow.</p>"
        ),
    },
    {
        "category": "support-after-adoption",
        "question": "Can I meet other adoptive families?",
        "answer_html": (
            "<p>Yes. We run support groups, stay and play sessions and family days across Kent, Medway and "
            "Bexley, and online groups in the evenings. We can also put you in touch with an experienced "
            "adopter as a buddy.</p>"
            "<p>Many adopters tell us other adoptive parents are their best source of support. See our "
            '<a href="/events/">events</a> to find a group near you.</p>'
        ),
    },
    # About APSE
    {
        "category": "about-apse",
        "question": "Who are Adoption Partnership south east?",
        "answer_html": (
            "<p>We're the regional adoption agency for Kent County Council, Medway Council and the London "
            "Borough of Bexley. We started on 1 November 2020.</p>"
            "<p>We bring the adoption teams of the three councils together. We find families for children, "
            "assess and train adopters, and support adoptive families. Read more "
            '<a href="/about-us/">about us</a>.</p>'
        ),
    },
    {
        "category": "about-apse",
        "question": "Do I need to live in Kent, Medway or Bexley?",
        "answer_html": (
            "<p>It usually helps to live in or near Kent, Medway or Bexley, or in south east London. That "
            "way we can visit you easily and support you after your child moves in.</p>"
            "<p>If you live further away, please still get in touch. We can talk about what's possible or "
            "help you find an agency closer to home.</p>"
        ),
    },
    {
        "category": "about-apse",
        "question": "How do I get in touch?",
        "answer_html": (
            "<p>You can:</p>"
            "<ul>"
            "<li>call us on 0300 000 0000, Monday to Friday, 9am to 5pm</li>"
            "<li>email hello@adoptionpartnership.example</li>"
            '<li>fill in our short <a href="/enquire/">enquiry form</a></li>'
            '<li>come to an <a href="/events/">information evening</a></li>'
            "</ul>"
            "<p>We'll aim to get back to you within two working days for a friendly, no-pressure chat.</p>"
        ),
    },
]

JOURNEY = {
    "slug": "adoption-journey",
    "title": "The adoption journey",
    "intro": (
        "Adopting a child is a big step, and you won't take it alone. Here is what happens at each stage, "
        "from your first call to your child moving in and beyond. Most people are approved in about six "
        "months."
    ),
    "search_description": (
        "The adoption journey step by step: first chat, stage one, stage two, panel, matching and moving in. "
        "How long each part takes and the support you get."
    ),
    "body": [
        (
            "paragraph",
            (
                "<p>Every family's journey is different. But the main steps are the same for everyone. You can "
                "go at your own pace before you register. After that, there are clear timescales, so you know "
                "what to expect.</p>"
            ),
        ),
        (
            "steps",
            {
                "heading": "Your adoption journey, step by step",
                "steps": [
                    {
                        "title": "Get in touch",
                        "summary": (
                            "Call us, email us or fill in our short online form. Tell us a little about yourself."
                        ),
                        "duration": "5 minutes",
                        "icon": "chat",
                    },
                    {
                        "title": "Have a first chat",
                        "summary": (
                            "One of our team calls you for a friendly chat and answers your questions. We'll "
                            "send you an information pack."
                        ),
                        "duration": "15 to 20 minutes",
                        "icon": "chat",
                    },
                    {
                        "title": "Come to an information event",
                        "summary": (
                            "Meet our social workers and adopters, online or in Kent, Medway or Bexley. There's "
                            "no pressure to sign up."
                        ),
                        "duration": "About 2 hours",
                        "icon": "calendar",
                    },
                    {
                        "title": "Register your interest",
                        "summary": (
                            "When you're ready, register your interest online on your own adoption page: sign "
                            "in with your email address. We'll tell you if we can go ahead."
                        ),
                        "duration": "Answer within 5 working days",
                        "icon": "form",
                    },
                    {
                        "title": "Stage one: checks and training",
                        "summary": (
                            "We do checks, take up references and arrange your medical. You go to preparation "
                            "training with other adopters."
                        ),
                        "duration": "About 2 months",
                        "icon": "checklist",
                    },
                    {
                        "title": "Stage two: your assessment",
                        "summary": (
                            "Your social worker visits you at home to get to know you and writes your "
                            "Prospective Adopter's Report."
                        ),
                        "duration": "About 4 months",
                        "icon": "home",
                    },
                    {
                        "title": "Adoption panel and decision",
                        "summary": (
                            "You meet the adoption panel, who make a recommendation. Our agency decision maker "
                            "then decides."
                        ),
                        "duration": "A few weeks",
                        "icon": "panel",
                    },
                    {
                        "title": "Matching with a child",
                        "summary": (
                            "We look for a child whose needs you can meet. You learn all about them and meet the "
                            "people who know them best."
                        ),
                        "duration": "It varies, often a few months",
                        "icon": "heart",
                    },
                    {
                        "title": "Moving in",
                        "summary": (
                            "You and your child get to know each other through a planned series of visits. Then "
                            "your child moves in."
                        ),
                        "duration": "Usually 1 to 3 weeks of introductions",
                        "icon": "family",
                    },
                    {
                        "title": "Adoption order and support",
                        "summary": (
                            "After at least 10 weeks, you can apply to court for an adoption order. Our support "
                            "carries on for as long as you need it."
                        ),
                        "duration": "For life",
                        "icon": "star",
                    },
                ],
            },
        ),
        ("heading", {"text": "Before you register", "level": "h2"}),
        (
            "paragraph",
            (
                '<p>Take as long as you need to find out about adoption. Read <a href="/stories/">adopters\' '
                'stories</a>, look at our <a href="/faqs/">questions and answers</a> and come to an '
                '<a href="/events/">information event</a>. Talk to the people close to you.</p>'
                "<p>If you've had fertility treatment, we usually suggest waiting about six months after it ends "
                "before you register.</p>"
                "<p>When you're ready, you register your interest online: no forms to ask for by phone. "
                '<a href="/your-adoption/">Sign in to your own adoption page</a> with the email address you '
                "gave us when you enquired (we email you a link to sign in). You can save it as you go and "
                "finish another day.</p>"
            ),
        ),
        ("heading", {"text": "Stage one and stage two", "level": "h2"}),
        (
            "paragraph",
            (
                "<p>In <strong>stage one</strong>, you take the lead, with our help. We'll do checks with the "
                "police (DBS) and your local council, speak to your referees, and ask your GP for a medical. "
                "You'll also go to preparation training. It usually takes about 2 months.</p>"
                "<p>You can take a break of up to 6 months between the stages if you need to, for example to "
                "move house or save up leave.</p>"
                "<p>In <strong>stage two</strong>, a social worker gets to know you well. They'll visit you at "
                "home and talk with you about your life, your relationships and the child you could care for. It "
                "usually takes about 4 months.</p>"
            ),
        ),
        (
            "image",
            {
                "image": "journey-path",
                "caption": (
                    "Every journey is different, but you'll have a social worker with you every step of the way."
                ),
                "alt": "An illustration of a path winding through fields towards distant hills at sunrise",
            },
        ),
        ("heading", {"text": "Shortcuts and other routes", "level": "h2"}),
        ("heading", {"text": "Fast track", "level": "h3"}),
        (
            "paragraph",
            (
                "<p>If you have adopted before, or you are an approved foster carer, you can usually skip stage "
                "one. You'll go straight to stage two.</p>"
            ),
        ),
        ("heading", {"text": "Early permanence", "level": "h3"}),
        (
            "paragraph",
            (
                "<p>Some adopters choose to care for a baby or young child as their foster carer while the court "
                "decides the child's future. This is called early permanence, or fostering for adoption. If the "
                "court decides the child should be adopted, you can adopt them. "
                '<a href="/faqs/">Read more about early permanence</a>.</p>'
            ),
        ),
        (
            "myths_facts",
            {
                "heading": "Myths and facts about adoption",
                "items": [
                    {
                        "myth": "I'm too old to adopt.",
                        "fact": (
                            "There is no upper age limit. You need to be 21 or over and have the health and "
                            "energy to care for a child as they grow up."
                        ),
                    },
                    {
                        "myth": "You have to be married.",
                        "fact": (
                            "Single people, married couples, civil partners and unmarried couples can all adopt."
                        ),
                    },
                    {
                        "myth": "Gay, lesbian, bisexual or trans people can't adopt.",
                        "fact": (
                            "LGBTQ+ people can adopt, on their own or as a couple, and we warmly welcome them."
                        ),
                    },
                    {
                        "myth": "You need to own your home.",
                        "fact": (
                            "Many adopters rent. What matters is that your home is safe and settled, with room "
                            "for a child."
                        ),
                    },
                    {
                        "myth": "I can't adopt because I have a criminal record.",
                        "fact": (
                            "Only certain offences, such as offences against children, rule you out. Tell us "
                            "early and we'll talk it through in confidence."
                        ),
                    },
                    {
                        "myth": "I can't adopt if I already have children.",
                        "fact": (
                            "Lots of parents adopt. We'll think with you about how your children will feel and "
                            "how to prepare them."
                        ),
                    },
                    {
                        "myth": "I can't work and adopt.",
                        "fact": (
                            "Most adopters work. You'll need time off while your child settles, and you may get "
                            "adoption leave and pay."
                        ),
                    },
                    {
                        "myth": "Once the adoption order is made, you're on your own.",
                        "fact": (
                            "Our adoption support team is there for your family for as long as you need us, even "
                            "years later."
                        ),
                    },
                ],
            },
        ),
        (
            "call_to_action",
            {
                "heading": "Could you adopt?",
                "text": (
                    "Answer 8 quick questions to see if there's anything we should talk about before you start."
                ),
                "label": "Try the Can I adopt? checker",
                "url": "/can-i-adopt/",
            },
        ),
    ],
}

CHECKER = {
    "slug": "can-i-adopt",
    "title": "Can I adopt?",
    "intro": (
        "Answer 8 quick questions to see whether you could start the adoption process now. It takes about "
        "2 minutes. This is not a decision. It just helps you know what to ask us."
    ),
    "search_description": (
        "Could you adopt a child? Answer 8 quick questions about age, home, health and more to find out if "
        "you could start now. Your answers are not saved."
    ),
    "questions": [
        {
            "key": "age",
            "question": "How old are you?",
            "help_text": "If you're applying as a couple, answer for the younger of you.",
            "options": [
                {
                    "label": "21 or over",
                    "outcome": "fine",
                    "feedback": "Good news. You're old enough to adopt, and there is no upper age limit.",
                },
                {
                    "label": "18 to 20",
                    "outcome": "not_yet",
                    "feedback": (
                        "You need to be 21 to adopt. You're welcome to come to an information event now, so "
                        "you know what to expect, and register with us after your 21st birthday."
                    ),
                },
                {
                    "label": "Under 18",
                    "outcome": "not_yet",
                    "feedback": (
                        "You need to be 21 to adopt. It's great that you're interested. You could come back "
                        "to us in a few years, and there's lots to read on this site in the meantime."
                    ),
                },
            ],
        },
        {
            "key": "residence",
            "question": "Have you lived in the UK for at least a year?",
            "help_text": (
                "The Channel Islands and the Isle of Man count too. If you're a couple, you both need to "
                "have lived here for a year. Different rules can apply if the UK is your permanent home but "
                "you've been living abroad."
            ),
            "options": [
                {
                    "label": "Yes, for a year or more",
                    "outcome": "fine",
                    "feedback": "That's fine. You meet the rule about where you live.",
                },
                {
                    "label": "No, less than a year",
                    "outcome": "not_yet",
                    "feedback": (
                        "You usually need to have lived here for at least a year. Get in touch when you're "
                        "close to a year, or sooner if the UK is your permanent home. You can come to an "
                        "event before then too."
                    ),
                },
                {
                    "label": "It's complicated, for example I work abroad for part of the year",
                    "outcome": "talk",
                    "feedback": (
                        "The rules about where you live can be tricky. Let's talk it through, so we can "
                        "check what applies to you."
                    ),
                },
            ],
        },
        {
            "key": "fertility",
            "question": "Have you had fertility treatment, such as IVF?",
            "help_text": "This includes treatment for either partner if you're a couple.",
            "options": [
                {
                    "label": "No, never",
                    "outcome": "fine",
                    "feedback": "That's fine. There's nothing to think about here.",
                },
                {
                    "label": "Yes, and it finished more than 6 months ago",
                    "outcome": "fine",
                    "feedback": (
                        "That's fine. It's been a while since treatment ended, which gives you space to "
                        "think about adoption with a clear mind."
                    ),
                },
                {
                    "label": "Yes, and it finished in the last 6 months",
                    "outcome": "talk",
                    "feedback": (
                        "We usually suggest waiting about six months after treatment ends before you "
                        "register. This gives you time to rest and grieve if you need to. Let's talk about "
                        "timing. You're welcome at our events now."
                    ),
                },
                {
                    "label": "Yes, and it's still going on",
                    "outcome": "not_yet",
                    "feedback": (
                        "We don't start an adoption assessment while fertility treatment is going on. Once "
                        "it has ended, we usually suggest waiting about six months before you register. You "
                        "can still find out about adoption now."
                    ),
                },
            ],
        },
        {
            "key": "bedroom",
            "question": "Do you have a spare bedroom for a child?",
            "help_text": "It doesn't matter if you rent or own your home.",
            "options": [
                {
                    "label": "Yes",
                    "outcome": "fine",
                    "feedback": "That's great. A child will usually need a bedroom of their own.",
                },
                {
                    "label": "Not yet, but we're planning to move or make space",
                    "outcome": "talk",
                    "feedback": (
                        "That's OK. Many people move or change rooms around during the process. Let's talk "
                        "about your plans and timing."
                    ),
                },
                {
                    "label": "No",
                    "outcome": "talk",
                    "feedback": (
                        "A child usually needs their own bedroom, though brothers and sisters can sometimes "
                        "share. Let's talk about your home and what might work."
                    ),
                },
            ],
        },
        {
            "key": "time_and_support",
            "question": "Do you have time for a child, and people who could support you?",
            "help_text": (
                "Think about time off work while a child settles in, and friends or family who could help."
            ),
            "options": [
                {
                    "label": "Yes, I have time and people around me",
                    "outcome": "fine",
                    "feedback": (
                        "That's really important, and it sounds like you've already thought about it. We'll "
                        "explore it more with you in your assessment."
                    ),
                },
                {
                    "label": "I'm not sure yet",
                    "outcome": "talk",
                    "feedback": (
                        "That's a very normal answer at this stage. We can help you think about time off, "
                        "adoption leave and who could support you."
                    ),
                },
            ],
        },
        {
            "key": "children_at_home",
            "question": "Do you already have children living with you?",
            "help_text": (
                "This includes birth children, adopted children, stepchildren and children you foster."
            ),
            "options": [
                {
                    "label": "No",
                    "outcome": "fine",
                    "feedback": "That's fine. Lots of people adopt their first child.",
                },
                {
                    "label": "Yes, and the youngest is 3 or older",
                    "outcome": "fine",
                    "feedback": (
                        "That's fine. Many families with children adopt. We'll help you think about how your "
                        "children will feel, and how to prepare them."
                    ),
                },
                {
                    "label": "Yes, and the youngest is under 3",
                    "outcome": "talk",
                    "feedback": (
                        "We usually look for an age gap of about two years between a child you adopt and "
                        "your youngest child. Let's talk about what would work for your family."
                    ),
                },
            ],
        },
        {
            "key": "convictions",
            "question": "Have you or anyone aged 18 or over in your home ever had a conviction or caution?",
            "help_text": (
                "Your answer is not saved. Cautions and convictions show up on DBS checks, so it's best to "
                "talk to us about them early."
            ),
            "options": [
                {
                    "label": "No",
                    "outcome": "fine",
                    "feedback": (
                        "That's fine. Everyone aged 18 or over in your home will still need a DBS check."
                    ),
                },
                {
                    "label": (
                        "Yes, for an offence against a child, or a serious sexual offence, committed at 18 or over"
                    ),
                    "outcome": "barred",
                    "feedback": (
                        "The law names offences against children, and certain other serious offences, committed "
                        "at 18 or over. It applies to you and to any adult who lives with you, even if a "
                        "conviction is spent."
                    ),
                },
                {
                    "label": "Yes, for something else, or I'm not sure what it counts as",
                    "outcome": "talk",
                    "feedback": (
                        "This does not automatically rule you out. Many offences, like driving offences or "
                        "things from a long time ago, don't stop people adopting. Please tell us early, and "
                        "we'll talk it through in confidence."
                    ),
                },
            ],
        },
        {
            "key": "health",
            "question": "How would you describe your health?",
            "help_text": "This includes physical and mental health. Disabled people can and do adopt.",
            "options": [
                {
                    "label": "Generally good",
                    "outcome": "fine",
                    "feedback": "That's fine. You'll have a medical with your GP during stage one.",
                },
                {
                    "label": "I have a disability or long-term condition that is well managed",
                    "outcome": "fine",
                    "feedback": (
                        "That's fine. Many disabled people and people with long-term conditions adopt. Our "
                        "medical adviser will look at your health as part of stage one, and we'll make any "
                        "adjustments you need."
                    ),
                },
                {
                    "label": "I have a serious or recent health problem that worries me",
                    "outcome": "talk",
                    "feedback": (
                        "Let's talk. A health condition doesn't automatically stop you adopting. We'll look "
                        "at how it might affect caring for a child as they grow up, and what support would "
                        "help."
                    ),
                },
            ],
        },
    ],
    "outcomes": {
        "fine": {
            "heading": "It looks like you could start now",
            "text_html": (
                "<p>From your answers, there's nothing that would stop you starting the adoption process.</p>"
                '<p>Your next step is to <a href="/events/">book a free information event</a> or '
                '<a href="/contact/">get in touch</a> for a friendly chat. You can also read about '
                '<a href="/adoption-journey/">the adoption journey</a>.</p>'
            ),
        },
        "talk": {
            "heading": "Let's talk about your situation",
            "text_html": (
                "<p>Some of your answers are things we'd like to talk through with you. This doesn't mean "
                "you can't adopt. Many people in your situation go on to adopt.</p>"
                '<p>Please <a href="/contact/">get in touch</a> for a confidential chat. You\'re also very '
                'welcome at our <a href="/events/">information events</a>.</p>'
            ),
        },
        "barred": {
            "heading": "The law does not allow us to approve you as an adopter",
            "text_html": (
                "<p>We know this may be hard to read. Under the Adoption Agencies Regulations 2005 "
                "(regulation 25), no adoption agency can approve someone as an adopter if they, or any adult "
                "who lives with them, has been convicted of or cautioned for one of these offences.</p>"
                "<p>If you are not sure whether an offence is one of these, or if it was someone you live with "
                "rather than you, please call us. We will talk it through in confidence and tell you honestly "
                "what it means.</p>"
            ),
        },
        "not_yet": {
            "heading": "It may not be the right time yet",
            "text_html": (
                "<p>From your answers, it may be a little early to start the adoption process. Look at the "
                "notes next to your answers to see what would change this.</p>"
                '<p>You\'re still welcome to come to an <a href="/events/">information event</a> or read '
                'our <a href="/faqs/">questions and answers</a> so you\'re ready when the time is right.</p>'
            ),
        },
    },
}

STANDARD_PAGES = [
    {
        "slug": "about-us",
        "title": "About us",
        "intro": (
            "Adoption Partnership south east is the regional adoption agency for Kent, Medway and Bexley. "
            "We find loving families for children and support them for life."
        ),
        "search_description": (
            "About Adoption Partnership south east, the regional adoption agency for Kent County Council, "
            "Medway Council and the London Borough of Bexley."
        ),
        "body": [
            ("heading", {"text": "Who we are", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>Adoption Partnership south east (APSE) brings together the adoption services of three "
                    "councils:</p>"
                    "<ul>"
                    "<li>Kent County Council, which leads the partnership</li>"
                    "<li>Medway Council</li>"
                    "<li>the London Borough of Bexley</li>"
                    "</ul>"
                    "<p>We started working together on 1 November 2020. By joining up, we can find the right "
                    "family for each child more quickly, and give adopters the same high-quality support "
                    "wherever they live.</p>"
                ),
            ),
            ("heading", {"text": "What we do", "level": "h2"}),
            (
                "paragraph",
                (
                    "<ul>"
                    "<li><strong>Recruitment and assessment.</strong> We welcome people who are thinking about "
                    "adoption, and we prepare and assess adopters.</li>"
                    "<li><strong>Family finding and matching.</strong> We look for the right family for every "
                    "child who needs one.</li>"
                    "<li><strong>Adoption support.</strong> We help adoptive families, adopted adults and birth "
                    "relatives, for as long as they need it.</li>"
                    "<li><strong>Adoption panels.</strong> We run independent panels that make recommendations "
                    "about adopters and matches.</li>"
                    "</ul>"
                ),
            ),
            (
                "image",
                {
                    "image": "about-hills",
                    "caption": (
                        "We work across the whole of Kent, Medway and Bexley, from the coast to south east "
                        "London."
                    ),
                    "alt": "An illustration of soft, rolling hills under a pale sky",
                },
            ),
            ("heading", {"text": "Where we work", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>Our team works from offices in Maidstone, Chatham and Bexleyheath, and visits families "
                    "at home. We hold events across the region and online. Our staff are employed by the three "
                    "councils but work together as one team.</p>"
                ),
            ),
            ("heading", {"text": "Our promises to you", "level": "h2"}),
            (
                "paragraph",
                (
                    "<ul>"
                    "<li>We'll be honest and clear about what adoption involves.</li>"
                    "<li>We'll welcome you, whoever you are.</li>"
                    "<li>We'll keep you updated and stick to the timescales we agree.</li>"
                    "<li>We'll always put children's needs first.</li>"
                    "<li>We'll be there for your family after your child moves in.</li>"
                    "</ul>"
                ),
            ),
            (
                "quote",
                {
                    "quote": (
                        "Every child deserves a family who will love them, stick with them and help them make "
                        "sense of their story."
                    ),
                    "attribution": "Our Head of Service",
                },
            ),
            (
                "call_to_action",
                {
                    "heading": "Thinking about adoption?",
                    "text": "Find out who can adopt and what the process involves.",
                    "label": "Read about the adoption journey",
                    "url": "/adoption-journey/",
                },
            ),
        ],
    },
    {
        "slug": "adoption-support",
        "title": "Adoption support",
        "intro": (
            "Adoption doesn't end when your child moves in. We support adoptive families, adopted adults and "
            "birth relatives for as long as they need us."
        ),
        "search_description": (
            "Support for adoptive families in Kent, Medway and Bexley: advice, training, groups, therapy "
            "through the support fund, life story work and staying in touch."
        ),
        "body": [
            (
                "paragraph",
                (
                    "<p>Every adoptive family has ups and downs. Many adopted children have had a difficult "
                    "start in life, and that can affect them as they grow. Asking for help is a sign of good "
                    "parenting, not a sign that something has gone wrong.</p>"
                    "<p>You can ask us for support at any time, including many years after your child's adoption "
                    "order.</p>"
                ),
            ),
            (
                "accordion",
                {
                    "heading": "Support we offer",
                    "items": [
                        {
                            "title": "Advice and a listening ear",
                            "content": (
                                "<p>Call or email our adoption support team on weekdays. We can talk through a "
                                "worry, give advice or point you to the right service.</p>"
                            ),
                        },
                        {
                            "title": "Assessment of your family's needs",
                            "content": (
                                "<p>If you need more help, we'll meet you and your child to understand what's "
                                "going on. Together, we'll make a plan. This can include help from other "
                                "services like schools and health.</p>"
                            ),
                        },
                        {
                            "title": "Therapy through the support fund",
                            "content": (
                                "<p>The Adoption and Special Guardianship Support Fund, often still called the "
                                "Adoption Support Fund, pays for therapy and specialist support in England. We "
                                "apply for you after an assessment. It can pay for things like family therapy "
                                "and therapeutic parenting courses.</p>"
                            ),
                        },
                        {
                            "title": "Training for parents",
                            "content": (
                                "<p>Our courses and workshops cover topics like therapeutic parenting, talking "
                                "about adoption, school and education, and the teenage years.</p>"
                            ),
                        },
                        {
                            "title": "Groups and events",
                            "content": (
                                "<p>Meet other adoptive families at coffee mornings, stay and play sessions, "
                                'family days and evening groups online. See our <a href="/events/">events</a>. '
                                "We can also match you with an experienced adopter as a buddy.</p>"
                            ),
                        },
                        {
                            "title": "Life story work",
                            "content": (
                                "<p>We help you use your child's life story book and later life letter, and "
                                "answer their questions about their past in a way that suits their age.</p>"
                            ),
                        },
                        {
                            "title": "Staying in touch with birth family",
                            "content": (
                                "<p>Our staying in touch service helps you exchange letters with your child's "
                                "birth family safely. We can help if you'd like to change an arrangement, or if "
                                "contact happens unexpectedly, for example on social media.</p>"
                            ),
                        },
                        {
                            "title": "Support for adopted adults and birth relatives",
                            "content": (
                                "<p>If you were adopted, we can help you access your adoption records and think "
                                "about searching for birth relatives. Birth parents and relatives can also get "
                                "support, including from an independent service. "
                                '<a href="/enquire/?about=records">Ask us about adoption records or a birth '
                                "relative</a>.</p>"
                            ),
                        },
                    ],
                },
            ),
            (
                "image",
                {
                    "image": "support-kite",
                    "caption": (
                        "Support is there when you need it, whether that's next week or in ten years' time."
                    ),
                    "alt": "An illustration of a kite flying over hills on a calm evening",
                },
            ),
            (
                "callout",
                {
                    "heading": "If you're worried about your child's safety right now",
                    "text": (
                        "<p>If anyone is in immediate danger, call 999. Out of office hours, contact your "
                        "council's out-of-hours children's social care team.</p>"
                    ),
                    "tone": "important",
                },
            ),
            (
                "call_to_action",
                {
                    "heading": "Ask for support",
                    "text": (
                        "Tell us a little about your child and what would help. Someone from our team will "
                        "contact you within 5 working days."
                    ),
                    "label": "Ask for support",
                    "url": "/enquire/?about=support",
                },
            ),
        ],
    },
    {
        "slug": "privacy-notice",
        "title": "Privacy notice",
        "intro": (
            "This notice explains what information we collect when you contact us or use this website, why "
            "we need it, who can see it, how long we keep it and your rights."
        ),
        "search_description": (
            "How Adoption Partnership south east uses your personal information when you make an enquiry, "
            "sign up for our newsletter or use our website."
        ),
        "body": [
            ("heading", {"text": "Who we are", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>Adoption Partnership south east (APSE) is run by Kent County Council, Medway Council and "
                    "the London Borough of Bexley. Kent County Council is the lead council. The three councils "
                    "share information about adoption enquiries under an information-sharing agreement, so that "
                    "we can work as one service.</p>"
                    "<p>You can contact our data protection officer by emailing "
                    "dataprotection@adoptionpartnership.example or by writing to our Maidstone office.</p>"
                ),
            ),
            ("heading", {"text": "What information we collect", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>When you fill in our enquiry form, we collect:</p>"
                    "<ul>"
                    "<li>your name, email address and phone number</li>"
                    "<li>your postcode, so we know which area you live in</li>"
                    "<li>whether you're enquiring alone or with a partner, and whether you have children</li>"
                    "<li>the best time to call you</li>"
                    "<li>how you heard about us</li>"
                    "<li>anything you choose to tell us in your message</li>"
                    "</ul>"
                    "<p>Some people choose to tell us about their health, ethnicity, religion or sexuality. This "
                    "is called special category information. You don't have to share it. If you do, we protect "
                    "it carefully and only use it to help with your enquiry or, without your name, to check that "
                    "we are reaching all communities.</p>"
                    "<p>If you book an event, we also collect any access needs you tell us about. If you book "
                    "an event for adoptive families, like a support group or a coffee morning, we keep your "
                    "booking with your name, contact details and postcode so we can run the event and tell you "
                    "about support for adoptive families.</p>"
                ),
            ),
            ("heading", {"text": "Why we use it", "level": "h2"}),
            (
                "paragraph",
                (
                    "<ul>"
                    "<li><strong>To answer your enquiry and help you find out about adoption.</strong> Finding "
                    "and supporting adopters is one of our legal duties. Our lawful basis is that it is "
                    "necessary for a task in the public interest (public task).</li>"
                    "<li><strong>To send you our newsletter.</strong> We only do this if you tick the box to "
                    "agree. Our lawful basis is consent. You can unsubscribe at any time using the link in every "
                    "email.</li>"
                    "<li><strong>To understand which adverts and events work.</strong> We use information like "
                    "how you heard about us to plan our work. We report this as totals, without names.</li>"
                    "</ul>"
                ),
            ),
            ("heading", {"text": "Who can see it", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>Only staff who need your information to do their job can see it. For example, the "
                    "enquiries team and the social worker who calls you back. Our marketing team sees totals, "
                    "not your details. The one exception is our newsletter, which the marketing team runs: if "
                    "you sign up, they can see your email address, your first name and when you agreed, but "
                    "never whether you have also enquired about adopting or are going through the process. "
                    "We keep a record of who looks at or changes your information.</p>"
                    "<p>Your information is shared between Kent County Council, Medway Council and the London "
                    "Borough of Bexley under our information-sharing agreement. Companies that host our website "
                    "and send our emails process it for us, under contract and only on our instructions.</p>"
                    "<p>We never sell your information. We will only share it with anyone else if the law says "
                    "we must, for example to keep a child safe.</p>"
                ),
            ),
            ("heading", {"text": "How long we keep it", "level": "h2"}),
            (
                "paragraph",
                (
                    "<ul>"
                    "<li>If you make an enquiry but don't go on to register, we keep your details for 2 years "
                    "after we were last in touch. Then we delete them or remove anything that could identify "
                    "you.</li>"
                    "<li>If you sign up for our newsletter, we keep your email address until you "
                    "unsubscribe.</li>"
                    "<li>If you go on to adopt, your information becomes part of your adoption records. The law "
                    "says adoption records must be kept for a very long time, usually 100 years.</li>"
                    "</ul>"
                ),
            ),
            ("heading", {"text": "Your rights", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>You have the right to:</p>"
                    "<ul>"
                    "<li>ask for a copy of the information we hold about you (access)</li>"
                    "<li>ask us to correct information that is wrong (rectification)</li>"
                    "<li>ask us to delete your information (erasure), unless we must keep it by law</li>"
                    "<li>object to how we use your information (objection)</li>"
                    "<li>ask us to limit how we use it while we look into a concern</li>"
                    "<li>withdraw your consent to our newsletter at any time</li>"
                    "</ul>"
                    "<p>To use any of these rights, email our data protection officer. We'll reply within one "
                    "month.</p>"
                ),
            ),
            ("heading", {"text": "How to complain", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>If you're unhappy with how we've used your information, please tell us first, so we can "
                    "try to put it right.</p>"
                    "<p>You can also complain to the Information Commissioner's Office (ICO), which regulates "
                    "data protection in the UK. Visit ico.org.uk or call 0303 123 1113.</p>"
                ),
            ),
            ("heading", {"text": "Cookies", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>We use essential cookies to make this website work. We only use analytics cookies, which "
                    "help us improve the website, if you agree to them.</p>"
                    "<p>This notice was last updated in January 2026.</p>"
                ),
            ),
        ],
    },
    {
        "slug": "accessibility-statement",
        "title": "Accessibility statement",
        "intro": (
            "We want as many people as possible to be able to use this website. This statement explains how "
            "accessible it is, what to do if you have a problem and how we're making it better."
        ),
        "search_description": (
            "How accessible the Adoption Partnership south east website is, how to report a problem and how "
            "to get information in another format."
        ),
        "body": [
            (
                "paragraph",
                (
                    "<p>This website is run by Adoption Partnership south east. We want you to be able to:</p>"
                    "<ul>"
                    "<li>change colours, contrast levels and fonts using your browser or device settings</li>"
                    "<li>zoom in up to 400% without the text spilling off the screen</li>"
                    "<li>navigate the whole website using just a keyboard</li>"
                    "<li>navigate most of the website using speech recognition software</li>"
                    "<li>listen to the website using a screen reader</li>"
                    "</ul>"
                    "<p>We've also made the text as simple as possible to understand. Every video has a "
                    "written transcript.</p>"
                ),
            ),
            ("heading", {"text": "How accessible this website is", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>We aim to meet the Web Content Accessibility Guidelines (WCAG) version 2.2 to level AA. "
                    "We know one part of this website is not fully in our control:</p>"
                    "<ul>"
                    "<li>videos play in the video service's own player (YouTube or Vimeo), which loads only "
                    "when you press play. We cannot "
                    "check or change how accessible that player is, so every video has a written transcript "
                    "on the page</li>"
                    "</ul>"
                ),
            ),
            ("heading", {"text": "Getting information in a different format", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>If you need information on this website in a different format, like accessible PDF, "
                    "large print, easy read, audio recording or braille, contact us:</p>"
                    "<ul>"
                    "<li>email hello@adoptionpartnership.example</li>"
                    "<li>call 0300 000 0000</li>"
                    "<li>use Relay UK by dialling 18001 then 0300 000 0000</li>"
                    "</ul>"
                    "<p>We'll reply within 5 working days. We can also arrange a British Sign Language (BSL) "
                    "interpreter for any meeting or event.</p>"
                ),
            ),
            ("heading", {"text": "Reporting accessibility problems", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>We're always looking to improve. If you find a problem that isn't listed on this page, "
                    "or you think we're not meeting accessibility requirements, please "
                    '<a href="/contact/">contact us</a>. Tell us the web address of the page and what the '
                    "problem is.</p>"
                ),
            ),
            ("heading", {"text": "Enforcement procedure", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public "
                    "Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018 "
                    "(the accessibility regulations).</p>"
                    "<p>If you're not happy with how we respond to your complaint, contact the Equality Advisory "
                    "and Support Service (EASS).</p>"
                ),
            ),
            ("heading", {"text": "Technical information about this website's accessibility", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>Adoption Partnership south east is committed to making its website accessible, in line "
                    "with the accessibility regulations.</p>"
                ),
            ),
            ("heading", {"text": "Compliance status", "level": "h3"}),
            (
                "paragraph",
                (
                    "<p>This website is partially compliant with the Web Content Accessibility Guidelines "
                    "version 2.2 AA standard, because of the video player listed above.</p>"
                ),
            ),
            ("heading", {"text": "What we're doing to improve accessibility", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>Every kind of page on this website is checked with automated accessibility tests "
                    "whenever the website changes. We check new pages with a keyboard and a screen reader "
                    "before we publish them.</p>"
                ),
            ),
            ("heading", {"text": "Preparation of this accessibility statement", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>This statement was prepared on 12 January 2026. It was last reviewed on 12 January "
                    "2026.</p>"
                    "<p>This website was last tested on 8 January 2026. The test was carried out by our own "
                    "digital team, using automated tools and manual checks with a keyboard, a screen reader and "
                    "screen magnification.</p>"
                ),
            ),
        ],
    },
    {
        "slug": "contact",
        "title": "Contact us",
        "intro": (
            "Have a question about adoption? We'd love to hear from you. Call us, send an email or fill in "
            "our short enquiry form, and one of our team will get back to you."
        ),
        "search_description": (
            "Contact Adoption Partnership south east. Call 0300 000 0000, email us or visit our offices in "
            "Maidstone, Chatham or Bexleyheath."
        ),
        "body": [
            ("heading", {"text": "Phone and email", "level": "h2"}),
            (
                "paragraph",
                (
                    "<ul>"
                    "<li>Phone: 0300 000 0000</li>"
                    "<li>Relay UK: 18001 then 0300 000 0000</li>"
                    "<li>Email: hello@adoptionpartnership.example</li>"
                    '<li>Online: our short <a href="/enquire/">enquiry form</a></li>'
                    "</ul>"
                    "<p>Our phone lines are open Monday to Friday, 9am to 5pm. We're closed on bank holidays. "
                    "Calls to 0300 numbers cost the same as calls to standard landline numbers.</p>"
                    "<p>If you email us or leave a message, we'll aim to reply within 2 working days.</p>"
                ),
            ),
            ("heading", {"text": "Our offices", "level": "h2"}),
            (
                "paragraph",
                (
                    "<p>Our offices are open to visitors by appointment only. Please call us before you "
                    "visit.</p>"
                ),
            ),
            ("heading", {"text": "Maidstone (Kent)", "level": "h3"}),
            ("paragraph", ("<p>Oakfield House, 12 Hopgarden Lane, Maidstone ME14 9ZZ</p>")),
            ("heading", {"text": "Chatham (Medway)", "level": "h3"}),
            ("paragraph", ("<p>Dockside Court, 5 Ropemakers Row, Chatham ME4 9ZT</p>")),
            ("heading", {"text": "Bexleyheath (Bexley)", "level": "h3"}),
            ("paragraph", ("<p>Broadway House, 22 Linden Parade, Bexleyheath DA6 9ZV</p>")),
            (
                "callout",
                {
                    "heading": "If a child is in danger",
                    "text": (
                        "<p>This service is for adoption enquiries. If a child is in immediate danger, call 999. "
                        "If you're worried about a child, contact the children's social care team at your local "
                        "council.</p>"
                    ),
                    "tone": "important",
                },
            ),
            (
                "call_to_action",
                {
                    "heading": "Prefer to meet us first?",
                    "text": (
                        "Come to a free information evening online or near you. There's no pressure to sign up."
                    ),
                    "label": "See upcoming events",
                    "url": "/events/",
                },
            ),
        ],
    },
]
